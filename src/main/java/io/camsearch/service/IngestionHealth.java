package io.camsearch.service;

import io.camsearch.ingest.CatalogImagesConsumer;
import io.camsearch.ingest.ConsumerLag;
import io.camsearch.ingest.IngestionProgress;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Ingestion's own health ({@code /q/health/group/ingestion}): UP while the consumer hears from the
 * broker, has partitions and the pipeline runs. Read from the state the consumer keeps, so it
 * answers at once while the broker is down. Not part of readiness: searching works without it.
 */
@HealthGroup(IngestionHealth.GROUP)
@ApplicationScoped
public class IngestionHealth implements HealthCheck {

    static final String GROUP = "ingestion";

    @Inject
    ConsumerLag lag;

    @Inject
    CatalogImagesConsumer consumer;

    @Inject
    Roles roles;

    @Inject
    EmbedderRole embedder;

    @Inject
    SearcherRole searcher;

    @Override
    public HealthCheckResponse call() {
        if (!roles.oneProcess()) {
            return roleHealth();
        }
        long now = System.nanoTime();
        IngestionProgress progress = lag.progress();
        var response = HealthCheckResponse.named("catalog-images").withData("state", state(progress, now));
        response.withData("assignedPartitions", String.join(",", lag.assignedPartitions()));
        response.withData("lag", events(progress.totalLag(now)));
        for (var partition : progress.assigned()) {
            response.withData("lag." + partition.topic() + "-" + partition.partition(), events(progress.lag(partition, now)));
        }
        response.withData("secondsSinceBrokerAnswered", progress.secondsSinceBrokerAnswered(now));
        response.withData("secondsSincePolled", progress.secondsSincePolled(now));
        response.withData("secondsSinceLastBatch", IngestionProgress.secondsSince(consumer.lastBatchAt(), now));
        return response.status(consumer.failure() == null && progress.connected(now) && !progress.assigned().isEmpty()).build();
    }

    /** A process that runs one role: that role's pipeline (the catalog-images consumer is off). */
    private HealthCheckResponse roleHealth() {
        if (embedder.runs()) {
            return HealthCheckResponse.named("embedder").withData("state", embedder.state()).status(embedder.failure() == null).build();
        }
        var response = HealthCheckResponse.named("searcher").withData("state", searcher.state());
        searcher.data().forEach((key, value) -> response.withData(key, value.toString()));
        return response.status(searcher.failure() == null).build();
    }

    /** One line for the readiness data. */
    String summary() {
        long now = System.nanoTime();
        IngestionProgress progress = lag.progress();
        return state(progress, now) + ", lag " + events(progress.totalLag(now));
    }

    /** A lag as JSON can carry it: a count, or "unknown" for NaN. */
    private static String events(double lag) {
        return Double.isNaN(lag) ? "unknown" : Long.toString((long) lag);
    }

    private String state(IngestionProgress progress, long now) {
        Throwable failure = consumer.failure();
        if (failure != null) {
            return "stopped: " + IngestionLiveness.describe(failure) + " (a restart resumes from the last index commit)";
        }
        if (progress.viewedAt() != IngestionProgress.NEVER && !progress.viewedRecently(now)) {
            return "the consumer has not polled for " + progress.secondsSincePolled(now) + " s";
        }
        if (progress.brokerAnsweredAt() == IngestionProgress.NEVER) {
            return "waiting for the broker (never reached)";
        }
        if (!progress.connected(now)) {
            return "broker unreachable for " + progress.secondsSinceBrokerAnswered(now) + " s";
        }
        if (progress.assigned().isEmpty()) {
            return "waiting for partitions";
        }
        return "consuming";
    }
}
