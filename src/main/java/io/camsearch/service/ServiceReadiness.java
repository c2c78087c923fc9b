package io.camsearch.service;

import io.camsearch.index.CatalogIndex;
import io.camsearch.model.EmbeddingModel;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to search: the model is loaded and the index readable. Searching needs no broker, so
 * ingestion's state does not count here (it is reported in the data, and by {@link IngestionHealth});
 * a pod whose broker is away keeps serving searches.
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

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("camsearch");
        boolean ready = true;
        response.withData("model", model.descriptor().toString());
        try {
            response.withData("indexItems", index.size());
        } catch (Exception e) {
            response.withData("index", "not readable: " + e.getMessage());
            ready = false;
        }
        response.withData("ingestion", ingestion.summary());
        return response.status(ready).build();
    }
}
