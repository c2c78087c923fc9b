package io.camsearch.service;

import io.camsearch.index.CatalogIndex;
import io.camsearch.ingest.CatalogImagesConsumer;
import io.camsearch.ingest.IndexOffsetsRebalanceListener;
import io.camsearch.model.EmbeddingModel;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the model is loaded, the index open and the consumer has its partitions (and ingestion has not failed). */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    @Inject
    EmbeddingModel model;

    @Inject
    CatalogIndex index;

    @Inject
    @Identifier(IndexOffsetsRebalanceListener.NAME)
    IndexOffsetsRebalanceListener partitions;

    @Inject
    CatalogImagesConsumer consumer;

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
        var assigned = partitions.assigned();
        response.withData("assignedPartitions", assigned.toString());
        if (assigned.isEmpty()) {
            ready = false;
        }
        Throwable failure = consumer.failure();
        if (failure != null) {
            response.withData("ingestion", "failed: " + failure);
            ready = false;
        }
        return response.status(ready).build();
    }
}
