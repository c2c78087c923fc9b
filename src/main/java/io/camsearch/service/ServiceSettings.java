package io.camsearch.service;

import io.camsearch.api.SearchRole;
import io.camsearch.api.UrlQuerySettings;
import io.camsearch.cam.Localizer;
import io.camsearch.image.ImageLimits;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.VectorQuantization;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.ingest.IngestSettings;
import io.quarkus.runtime.Startup;
import io.camsearch.search.SearchSettings;
import io.camsearch.source.SourceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The settings records of the service's parts, each made once from {@link CamsearchConfig}: the
 * mapping holds every default, these methods only translate (the parts never read the mapping).
 */
@ApplicationScoped
public class ServiceSettings {

    @Produces
    @Singleton
    ImageLimits imageLimits(CamsearchConfig config) {
        return imageLimits(config.images());
    }

    @Produces
    @Singleton
    HnswSettings hnsw(CamsearchConfig config) {
        return hnsw(config.index().hnsw());
    }

    @Produces
    @Singleton
    SourceSettings source(CamsearchConfig config) {
        return source(config.source(), config.images());
    }

    @Produces
    @Singleton
    UrlQuerySettings urlQueries(CamsearchConfig config) {
        try {
            return new UrlQuerySettings(config.source().searchUrls(), config.source().searchFetchPermits());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.source." + e.getMessage(), e);
        }
    }

    /**
     * Ingestion's settings, from {@code camsearch.ingest.*}, {@code camsearch.source.max-concurrent-fetches}
     * and {@code camsearch.instance-id}. The one rule beside the keys' defaults: unset
     * {@code model-workers} is one per core of this machine.
     */
    @Produces
    @Singleton
    IngestSettings ingestSettings(CamsearchConfig config) {
        var ingest = config.ingest();
        try {
            return IngestSettings.builder().modelBatch(ingest.modelBatch()).fetchThreads(ingest.fetchThreads())
                    .modelWorkers(ingest.modelWorkers().orElse(Runtime.getRuntime().availableProcessors())).modelThreads(ingest.modelThreads())
                    .thumbnailMaxSide(ingest.thumbnailMaxSide()).commitInterval(ingest.commitInterval())
                    .concurrentFetches(config.source().maxConcurrentFetches()).instanceId(config.instanceId()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.ingest (and camsearch.source.max-concurrent-fetches): " + e.getMessage(), e);
        }
    }

    /** Checked at start-up: a process with a misspelt role must not start doing something else. */
    @Produces
    @Singleton
    @Startup
    Roles roles(CamsearchConfig config) {
        return Roles.parse(config.roles());
    }

    /** Whether this process answers the REST API (only the searcher role has an index). */
    @Produces
    @Singleton
    SearchRole searchRole(Roles roles) {
        return new SearchRole(roles.serves(Roles.Role.SEARCHER), roles.toString());
    }

    /** The embeddings topic as the embedder creates it when it is missing. */
    @Produces
    @Singleton
    EmbeddingsTopicSetup embeddingsTopic(CamsearchConfig config) {
        var topic = config.embeddings();
        try {
            return new EmbeddingsTopicSetup(topic.partitions(), topic.replicationFactor(), topic.minInsyncReplicas(), topic.maxMessageBytes(),
                    topic.deleteRetention());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.embeddings (partitions, replication-factor, min-insync-replicas, max-message-bytes,"
                    + " delete-retention): "
                    + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    SearchSettings search(CamsearchConfig config) {
        return search(config.search());
    }

    static ImageLimits imageLimits(CamsearchConfig.Images images) {
        try {
            return new ImageLimits(images.maxBytes(), images.maxPixels(), images.maxSide());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.images (max-bytes, max-pixels, max-side): " + e.getMessage(), e);
        }
    }

    static HnswSettings hnsw(CamsearchConfig.Hnsw hnsw) {
        try {
            return new HnswSettings(hnsw.maxConnections(), hnsw.beamWidth(), hnsw.candidates(), VectorQuantization.parse(hnsw.quantization()),
                    hnsw.oversample(), hnsw.mergeWorkers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.index.hnsw (max-connections, beam-width, candidates, quantization, oversample, merge-workers): "
                    + e.getMessage(), e);
        }
    }

    /** Fetching shares the decoder's byte cap: an image too large to decode is not worth fetching. */
    static SourceSettings source(CamsearchConfig.Source source, CamsearchConfig.Images images) {
        try {
            // Unset allowed-hosts means no host list, not a default list.
            return new SourceSettings(source.timeout(), source.connectTimeout(), images.maxBytes(), source.fileRoot(),
                    source.allowedHosts().orElse(List.of()), source.allowPrivateNetworks(), source.maxRedirects());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.source: " + e.getMessage(), e);
        }
    }

    /** The localization threshold is the paper's, not a setting of the service. */
    static SearchSettings search(CamsearchConfig.Search search) {
        try {
            return new SearchSettings(search.maxK(), Localizer.DEFAULT_THRESHOLD, search.heatmapMaxSide(), search.maxConceptItems(), search.maxBatch(),
                    search.maxConsistencyWait());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.search (max-k, heatmap-max-side, max-concept-items, max-batch, max-consistency-wait): " + e.getMessage(), e);
        }
    }
}
