package io.camsearch.service;

import io.camsearch.cam.Localizer;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.HnswSettings;
import io.camsearch.ingest.IngestSettings;
import io.camsearch.ingest.Positions;
import io.camsearch.search.SearchSettings;
import io.camsearch.source.ImageFetcher;
import io.camsearch.source.SourceSettings;
import io.camsearch.search.VisualSearch;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.jboss.logging.Logger;

/** The long-lived parts of the service, created once at startup and closed at shutdown. */
@ApplicationScoped
public class ServiceComponents {

    private static final Logger LOG = Logger.getLogger(ServiceComponents.class);

    @Produces
    @Singleton
    @Startup
    EmbeddingModel model(CamsearchConfig config) {
        long start = System.nanoTime();
        try {
            EmbeddingModel model = Models.open(config.model());
            var d = model.descriptor();
            LOG.infof("model '%s' (%s) loaded in %d ms: %dx%d input, %d-d embedding, %d x %d x %d feature map, %s head",
                    config.model(), d.name(), (System.nanoTime() - start) / 1_000_000, d.inputWidth(), d.inputHeight(), d.embeddingDim(),
                    d.channels(), d.featureHeight(), d.featureWidth(), d.head());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model '" + config.model()
                    + "'; set camsearch.model to 'demo', a .params file or a TorchScript bundle directory", e);
        }
    }

    void closeModel(@Disposes EmbeddingModel model) throws Exception {
        model.close();
    }

    @Produces
    @Singleton
    ImageDecoder decoder(CamsearchConfig config) {
        var images = config.images();
        return new ImageDecoder(new ImageLimits(images.maxBytes(), images.maxPixels(), images.maxSide()));
    }

    @Produces
    @Singleton
    ImageExplainer explainer(EmbeddingModel model, ImageDecoder decoder) {
        return new ImageExplainer(model, decoder);
    }

    /** Fetches image URLs, for ingestion and for searches by URL alike. */
    @Produces
    @Singleton
    ImageFetcher fetcher(CamsearchConfig config, Vertx vertx) {
        var source = config.source();
        try {
            return new ImageFetcher(vertx, new SourceSettings(source.timeout(), source.connectTimeout(), config.images().maxBytes(), source.fileRoot(),
                    source.allowedHosts().orElse(List.of()), source.allowPrivateNetworks(), source.maxRedirects()));
        } catch (IOException e) {
            throw new UncheckedIOException("camsearch.source.file-root " + source.fileRoot().orElseThrow() + " is not a readable directory", e);
        }
    }

    void closeFetcher(@Disposes ImageFetcher fetcher) {
        fetcher.close();
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

    @Produces
    @Singleton
    VisualSearch search(ImageExplainer explainer, CatalogIndex index, CamsearchConfig config) {
        var s = config.search();
        return new VisualSearch(explainer, index, new SearchSettings(s.maxK(), Localizer.DEFAULT_THRESHOLD, s.heatmapMaxSide(),
                s.maxConceptItems()));
    }

    @Produces
    @Singleton
    @Startup
    CatalogIndex index(CamsearchConfig config) {
        var settings = config.index();
        try {
            Files.createDirectories(settings.path());
            CatalogIndex index = CatalogIndex.open(settings.path(), settings.refreshInterval().toMillis(), hnsw(settings.hnsw()));
            LOG.infof("catalog index at %s: %d items, offsets %s", settings.path().toAbsolutePath(), index.size(),
                    Positions.fromCommitData(index.committedData()));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the catalog index at " + settings.path().toAbsolutePath()
                    + "; check camsearch.index.path and that no other process uses it", e);
        }
    }

    private static HnswSettings hnsw(CamsearchConfig.Hnsw config) {
        HnswSettings defaults = HnswSettings.DEFAULT;
        try {
            return new HnswSettings(config.maxConnections().orElse(defaults.maxConnections()), config.beamWidth().orElse(defaults.beamWidth()),
                    config.candidates().orElse(defaults.candidates()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camsearch.index.hnsw (max-connections, beam-width, candidates): " + e.getMessage(), e);
        }
    }

    void closeIndex(@Disposes CatalogIndex index) throws IOException {
        index.close();
    }
}
