package io.camsearch.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The service's own settings ({@code camsearch.*} in application.properties, or CAMSEARCH_* variables). */
@ConfigMapping(prefix = "camsearch")
public interface CamsearchConfig {

    /** {@code demo} (the shipped model), a {@code .params} file of the demo network, or a TorchScript bundle directory. */
    @WithDefault("demo")
    String model();

    /**
     * This process's identity in the {@code catalog-images} consumer group (Kafka's
     * {@code group.instance.id}): a restarted process that keeps it takes its partitions back at
     * once instead of waiting out the dead one's session. Unset: the host name (in Kubernetes, the
     * pod name). Two live processes must never share one: the broker fences the older.
     */
    Optional<String> instanceId();

    Index index();

    Images images();

    Ingest ingest();

    Search search();

    interface Index {
        /** The Lucene directory; it holds the items and the Kafka offsets they include. */
        @WithDefault("data/index")
        Path path();

        /** How often new items become searchable. */
        @WithDefault("500ms")
        Duration refreshInterval();

        /** The HNSW graph; each setting defaults to {@link io.camsearch.index.HnswSettings#DEFAULT}'s. */
        Hnsw hnsw();
    }

    /** See {@link io.camsearch.index.HnswSettings}: recall against speed. */
    interface Hnsw {
        /** M, the neighbours a node keeps per layer (applies to graphs written from now on). */
        OptionalInt maxConnections();

        /** Candidates kept while inserting a node (applies to graphs written from now on). */
        OptionalInt beamWidth();

        /** Candidates a search collects before it keeps the top k. */
        OptionalInt candidates();
    }

    interface Images {
        @WithDefault("20971520")
        long maxBytes();

        @WithDefault("40000000")
        long maxPixels();

        @WithDefault("16384")
        int maxSide();
    }

    interface Ingest {
        @WithDefault("5s")
        Duration connectTimeout();

        /** The whole response of an image URL must arrive within this time. */
        @WithDefault("20s")
        Duration readTimeout();

        /** The directory {@code file:} image URLs may read from; unset refuses them. */
        Optional<Path> fileRoot();

        @WithDefault("32")
        int modelBatch();

        @WithDefault("4")
        int fetchThreads();

        /** Model batches embedded at once, each on a thread of its own; unset: one per core. */
        Optional<Integer> modelWorkers();

        /** libtorch intra-op threads of each model worker (search requests keep libtorch's default). */
        @WithDefault("1")
        int modelThreads();

        @WithDefault("256")
        int thumbnailMaxSide();

        /** The longest a consumed batch waits for its index commit (0 commits every batch at once). */
        @WithDefault("1s")
        Duration commitInterval();
    }

    interface Search {
        /** The largest k a request may ask for. */
        @WithDefault("100")
        int maxK();

        /** Searches whose heatmap images stay available by URL. */
        @WithDefault("512")
        int retainedSearches();

        /** How long a search's heatmap images stay available by URL. */
        @WithDefault("30m")
        Duration retention();

        /** The longer side of the query image kept to draw its heatmaps. */
        @WithDefault("512")
        int queryDisplaySide();

        /** The most items a concept (a filter's mean proxy) averages. */
        @WithDefault("10000")
        int maxConceptItems();
    }
}
