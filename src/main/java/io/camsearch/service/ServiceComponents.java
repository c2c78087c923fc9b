package io.camsearch.service;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.IndexModel;
import io.camsearch.ingest.Positions;
import io.camsearch.search.SearchSettings;
import io.camsearch.source.ImageFetcher;
import io.camsearch.source.SourceSettings;
import io.camsearch.search.VisualSearch;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.Models;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The model's identity (name, weights hash, embedding size): it names the embeddings topic and is checked against envelopes and the index. */
    @Produces
    @Singleton
    ModelIdentity modelIdentity(CamsearchConfig config, EmbeddingModel model) {
        try {
            return Models.identity(config.model(), model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the weights of the model '" + config.model() + "' (camsearch.model)", e);
        }
    }

    void closeModel(@Disposes EmbeddingModel model) throws Exception {
        model.close();
    }

    @Produces
    @Singleton
    ImageDecoder decoder(ImageLimits limits) {
        return new ImageDecoder(limits);
    }

    @Produces
    @Singleton
    ImageExplainer explainer(EmbeddingModel model, ImageDecoder decoder) {
        return new ImageExplainer(model, decoder);
    }

    /** Fetches image URLs, for ingestion and for searches by URL alike. */
    @Produces
    @Singleton
    ImageFetcher fetcher(SourceSettings settings, Vertx vertx) {
        try {
            return new ImageFetcher(vertx, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("camsearch.source.file-root " + settings.fileRoot().orElseThrow() + " is not a readable directory", e);
        }
    }

    void closeFetcher(@Disposes ImageFetcher fetcher) {
        fetcher.close();
    }

    /**
     * Application-scoped (a client proxy), as the index is: the resources hold it from their
     * creation, and an embedder-only process, which has no index, must never open one.
     */
    @Produces
    @ApplicationScoped
    VisualSearch search(ImageExplainer explainer, CatalogIndex index, SearchSettings settings) {
        return new VisualSearch(explainer, index, settings);
    }

    /**
     * Opened on first use (a client proxy, not {@code @Startup}): a process that searches opens it at
     * start-up ({@link #openIndex}); an embedder-only process never does, though the resources and
     * health checks that would read it exist there too.
     */
    @Produces
    @ApplicationScoped
    CatalogIndex index(CamsearchConfig config, HnswSettings hnsw, ModelIdentity model, ImageExplainer explainer) {
        var settings = config.index();
        try {
            Files.createDirectories(settings.path());
            // The model's shared M (a pool -> linear head): items store their sparse feature maps.
            CatalogIndex index = CatalogIndex.open(settings.path(), settings.refreshInterval().toMillis(), hnsw,
                    explainer.cam().sharedGradient().orElse(null));
            claim(index, model, settings.path());
            LOG.infof("catalog index at %s: %d items, offsets %s", settings.path().toAbsolutePath(), index.size(),
                    Positions.fromCommitData(index.committedData()));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the catalog index at " + settings.path().toAbsolutePath()
                    + "; check camsearch.index.path and that no other process uses it", e);
        }
    }

    /**
     * Fails start-up, before anything is written, on an index of another model: its vectors and
     * this model's would be mixed. Which model an index holds is in its commit data (IndexModel).
     */
    private static void claim(CatalogIndex index, ModelIdentity model, Path path) throws IOException {
        try {
            IndexModel.claim(index, model, "the index at " + path.toAbsolutePath());
        } catch (IllegalStateException e) {
            index.close();
            throw new IllegalStateException(e.getMessage() + ". To index with model " + model.describe()
                    + ", set camsearch.index.path to a new, empty directory: a new index is built from the beginning of catalog-images"
                    + " (a searcher's: of the model's embeddings topic), see \"Changing the model\" in service.md", e);
        }
    }

    /** At start-up, as {@code @Startup} did before the roles: an index that cannot be opened fails the start of a process that searches. */
    void openIndex(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Roles roles, CatalogIndex index)
            throws IOException {
        if (roles.serves(Roles.Role.SEARCHER)) {
            index.size();
        }
    }

    void closeIndex(@Disposes CatalogIndex index) throws IOException {
        index.close();
    }
}
