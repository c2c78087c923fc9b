package io.camsearch.service;

import io.camsearch.ingest.CatalogImagesConsumer;
import io.camsearch.ingest.ConsumerLag;
import io.camsearch.ingest.IngestionProgress;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
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

    @Override
    public HealthCheckResponse call() {
        long now = System.nanoTime();
        IngestionProgress progress = lag.progress();
        var response = HealthCheckResponse.named("catalog-images").withData("state", state(progress, now));
        response.withData("assignedPartitions", String.join(",", lag.assignedPartitions()));
        double total = progress.totalLag(now);
        response.withData("lag", Double.isNaN(total) ? "unknown" : Long.toString((long) total));
        for (var partition : progress.assigned()) {
            double partitionLag = progress.lag(partition, now);
            response.withData("lag." + partition.topic() + "-" + partition.partition(),
                    Double.isNaN(partitionLag) ? "unknown" : Long.toString((long) partitionLag));
        }
        response.withData("secondsSinceBrokerAnswered", progress.secondsSinceBrokerAnswered(now));
        long lastBatch = consumer.lastBatchAt();
        response.withData("secondsSinceLastBatch", lastBatch == IngestionProgress.NEVER ? -1 : Duration.ofNanos(now - lastBatch).toSeconds());
        return response.status(consumer.failure() == null && progress.connected(now) && !progress.assigned().isEmpty()).build();
    }

    /** One line for the readiness data. */
    String summary() {
        long now = System.nanoTime();
        IngestionProgress progress = lag.progress();
        String state = state(progress, now);
        double total = progress.totalLag(now);
        return Double.isNaN(total) ? state : state + ", lag " + (long) total;
    }

    private String state(IngestionProgress progress, long now) {
        Throwable failure = consumer.failure();
        if (failure != null) {
            return "stopped: " + IngestionLiveness.describe(failure) + " (a restart resumes from the last index commit)";
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
