package io.camsearch.service;

import io.camsearch.index.CatalogIndex;
import io.camsearch.model.EmbeddingModel;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to search: the model is loaded and the index readable. Searching needs no broker, so
 * ingestion's state does not count here (it is reported in the data, and by {@link IngestionHealth});
 * a pod whose broker is away keeps serving searches. A process that runs one role is ready as
 * that role (see {@link #roleReadiness}).
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    @Inject
    EmbeddingModel model;

    @Inject
    CatalogIndex index;

    @Inject
    @HealthGroup(IngestionHealth.GROUP)
    IngestionHealth ingestion;

    @Inject
    Roles roles;

    @Inject
    EmbedderRole embedder;

    @Inject
    SearcherRole searcher;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("camsearch");
        boolean ready = true;
        response.withData("model", model.descriptor().toString());
        if (!roles.oneProcess()) {
            return roleReadiness(response);
        }
        try {
            response.withData("indexItems", index.size());
        } catch (Exception e) {
            response.withData("index", "not readable: " + e.getMessage());
            ready = false;
        }
        response.withData("ingestion", ingestion.summary());
        return response.status(ready).build();
    }

    /**
     * A process that runs one role. An embedder: ready while its consumer loop runs (it serves no
     * requests; this keeps a broken one out of rotation). A searcher: ready once its reader has
     * applied the embeddings topic as it was at start, and the index is readable; its data tells
     * the reader's state, rebuilds and lag per partition, so a searcher still catching up says how
     * far it is.
     */
    private HealthCheckResponse roleReadiness(HealthCheckResponseBuilder response) {
        response.withData("roles", roles.toString());
        if (embedder.runs()) {
            response.withData("embedder", embedder.state());
            return response.status(embedder.failure() == null).build();
        }
        boolean ready = searcher.caughtUp();
        response.withData("searcher", searcher.state());
        searcher.data().forEach((key, value) -> response.withData(key, value.toString()));
        try {
            response.withData("indexItems", index.size());
        } catch (Exception e) {
            response.withData("index", "not readable: " + e.getMessage());
            ready = false;
        }
        return response.status(ready).build();
    }
}
