package io.camsearch.service;

import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.HnswSettings;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.search.SearchSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The service's own settings ({@code camsearch.*} in application.properties, or CAMSEARCH_* variables).
 *
 * <p>Every default is written once: in a {@code @WithDefault} here, which names a record's constant
 * where a command-line tool needs the same default without a service ({@link ImageLimits},
 * {@link HnswSettings}). {@link ServiceSettings} turns these into the settings records, once.
 * Every key is listed, commented, in application.properties and in service.md's table
 * ({@code ConfigurationKeysTest} holds them to this interface).
 */
@ConfigMapping(prefix = "camsearch")
public interface CamsearchConfig {

    /** {@code demo} (the shipped model), a {@code .params} file of the demo network, or a TorchScript bundle directory. */
    @WithDefault("demo")
    String model();

    /**
     * This process's identity in its {@code catalog-images} consumer group (Kafka's
     * {@code group.instance.id}), the channel's or, in the embedder role, the embedder's: a restarted process that keeps it takes its partitions back at
     * once instead of waiting out the dead one's session. Unset: the host name (in Kubernetes, the
     * pod name). Two live processes must never share one: the broker fences the older.
     */
    Optional<String> instanceId();

    /**
     * What this process does (see {@link Roles}): {@code embedder} (catalog-images to the model's
     * embeddings topic), {@code searcher} (that topic into its own index, and the API), or both, the
     * one-process path with no embeddings topic.
     */
    @WithDefault("embedder,searcher")
    List<String> roles();

    Embedder embedder();

    Embeddings embeddings();

    Index index();

    Images images();

    Ingest ingest();

    Source source();

    Search search();

    Api api();

    interface Index {
        /** The Lucene directory; it holds the items and the Kafka offsets they include. */
        @WithDefault("data/index")
        Path path();

        /** How often new items become searchable. */
        @WithDefault("500ms")
        Duration refreshInterval();

        /**
         * Segments a searcher merges its index down to after a rebuild from the beginning of the
         * embeddings topic, before it turns ready (every segment is searched with its own graph
         * walk); 0 merges nothing.
         */
        @WithDefault("1")
        int rebuildMaxSegments();

        /** The HNSW graph. */
        Hnsw hnsw();
    }

    /** See {@link io.camsearch.index.HnswSettings}: recall against speed. */
    interface Hnsw {
        /** M, the neighbours a node keeps per layer (applies to graphs written from now on). */
        @WithDefault("" + HnswSettings.DEFAULT_MAX_CONNECTIONS)
        int maxConnections();

        /** Candidates kept while inserting a node (applies to graphs written from now on). */
        @WithDefault("" + HnswSettings.DEFAULT_BEAM_WIDTH)
        int beamWidth();

        /** Candidates a search collects before it keeps the top k. */
        @WithDefault("" + HnswSettings.DEFAULT_CANDIDATES)
        int candidates();

        /** How the graph stores vectors: none (float32), int8, int4 or binary (applies to graphs written from now on). */
        @WithDefault(HnswSettings.DEFAULT_QUANTIZATION)
        String quantization();

        /** With a quantized graph: candidates collected per search x this, rescored with the float vectors. */
        @WithDefault("" + HnswSettings.DEFAULT_OVERSAMPLE)
        double oversample();

        /** Threads that merge one segment's graph together (1: each merge on its own thread). */
        @WithDefault("" + HnswSettings.DEFAULT_MERGE_WORKERS)
        int mergeWorkers();
    }

    /** How large an image may be, on every path (see {@link ImageLimits}). */
    interface Images {
        /** Largest encoded image, in bytes. */
        @WithDefault("" + ImageLimits.DEFAULT_MAX_BYTES)
        long maxBytes();

        /** Largest width x height of a decoded image. */
        @WithDefault("" + ImageLimits.DEFAULT_MAX_PIXELS)
        long maxPixels();

        /** Largest width or height. */
        @WithDefault("" + ImageLimits.DEFAULT_MAX_SIDE)
        int maxSide();
    }

    /** Where images come from: URLs and files, for ingestion and for searches by URL (see {@link io.camsearch.source.SourceSettings}). */
    interface Source {
        /** One deadline for a whole fetch: lookup, connect, redirects, headers and body. */
        @WithDefault("5s")
        Duration timeout();

        /** The longest one connection attempt may take, within the timeout. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** The directory {@code file:} image URLs may read regular files from; unset refuses them. */
        Optional<Path> fileRoot();

        /** When set, the only hosts image URLs may name (names, {@code *.domain}, or IP literals, which may be private). */
        Optional<List<String>> allowedHosts();

        /** Whether URLs may reach loopback and private networks (link-local and multicast stay refused). */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** Redirects followed per fetch, each checked like the first URL. */
        @WithDefault("5")
        int maxRedirects();

        /** Image URLs ingestion fetches at once. */
        @WithDefault("16")
        int maxConcurrentFetches();

        /** Whether searches ({@code POST /search}, {@code /search/batch}, {@code /recommend}, {@code /explain}) may name their image by URL. */
        @WithDefault("false")
        boolean searchUrls();

        /** Searches by image URL fetching at once; one more is answered 503 with Retry-After. */
        @WithDefault("8")
        int searchFetchPermits();
    }

    interface Ingest {
        @WithDefault("32")
        int modelBatch();

        @WithDefault("4")
        int fetchThreads();

        /** Model batches embedded at once, each on a thread of its own; unset: one per core (applied in ServiceSettings#ingestSettings). */
        Optional<Integer> modelWorkers();

        /** libtorch intra-op threads of each model worker (search requests keep libtorch's default). */
        @WithDefault("1")
        int modelThreads();

        @WithDefault("" + Thumbnail.DEFAULT_MAX_SIDE)
        int thumbnailMaxSide();

        /** The longest a consumed batch waits for its index commit (0 commits every batch at once). */
        @WithDefault("1s")
        Duration commitInterval();
    }

    /** The embedder role (when it runs without the searcher). */
    interface Embedder {
        /** Its consumer group on catalog-images: embedder processes of one model share it, and so its partitions. */
        @WithDefault("camsearch-embedder")
        String group();
    }

    /** The model's compacted embeddings topic, as the embedder creates it when it is missing (see {@link EmbeddingsTopicSetup}). */
    interface Embeddings {
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        @WithDefault("1")
        int minInsyncReplicas();

        /** The largest envelope the topic (and the embedder's producer) takes. */
        @WithDefault("" + EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES)
        int maxMessageBytes();

        /**
         * Its {@code delete.retention.ms}: how long a deleted item's tombstone outlives the records it
         * removed; longer than a searcher's longest rebuild and than its index may stay behind.
         */
        @WithDefault("7d")
        Duration deleteRetention();
    }

    /** Who may call the REST API; see {@link io.camsearch.api.ApiKeyFilter}. */
    interface Api {
        /** Keys that may search and read (comma-separated); with no admin keys either, the API is open. */
        Optional<List<String>> searchKeys();

        /** Keys that may also call the endpoints that change state (comma-separated). */
        Optional<List<String>> adminKeys();
    }

    interface Search {
        /** The largest k a request may ask for. */
        @WithDefault("" + SearchSettings.DEFAULT_MAX_K)
        int maxK();

        /** The longest side a heatmap image (GET /heatmaps/{map}.png) is drawn at; larger width or height is a 400. */
        @WithDefault("" + SearchSettings.DEFAULT_HEATMAP_MAX_SIDE)
        int heatmapMaxSide();

        /** The most items a concept (a filter's mean proxy) averages. */
        @WithDefault("" + SearchSettings.DEFAULT_MAX_CONCEPT_ITEMS)
        int maxConceptItems();

        /**
         * The most queries one batch ({@code POST /items/similar}, {@code /search/batch}) and the most
         * examples one {@code POST /recommend} may carry; more is a 400.
         */
        @WithDefault("" + SearchSettings.DEFAULT_MAX_BATCH)
        int maxBatch();

        /**
         * The longest a search waits until this replica shows the writes its consistency tokens
         * name (read your writes); a request's own consistencyWait is capped at it.
         */
        @WithDefault(SearchSettings.DEFAULT_MAX_CONSISTENCY_WAIT_SECONDS + "s")
        Duration maxConsistencyWait();
    }
}
