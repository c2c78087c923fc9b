package io.camsearch.service;

import io.camsearch.ingest.CatalogImagesConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN once the ingestion pipeline has stopped on a failure (the index could not be written, the
 * broker never acknowledged dead letters): nothing in the process resumes it, a restart does (from
 * the last index commit), so the orchestrator should restart it. A broker that is merely away is
 * not a failure: the consumer reconnects by itself. A process that runs one role reports that
 * role's pipeline here: the embedder's consumer loop, or the searcher's reader of the embeddings topic.
 */
@Liveness
@ApplicationScoped
public class IngestionLiveness implements HealthCheck {

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
        Throwable failure = failure();
        var response = HealthCheckResponse.named("ingestion-pipeline");
        if (failure != null) {
            response.withData("failure", describe(failure));
        }
        return response.status(failure == null).build();
    }

    /** The one-process path's failure, or the failure of the role this process runs alone (its embedder, or its reader). */
    private Throwable failure() {
        if (roles.oneProcess()) {
            return consumer.failure();
        }
        return embedder.failure() != null ? embedder.failure() : searcher.failure();
    }

    /** The failure's own words, and its cause's (the message names the batch or commit that failed). */
    static String describe(Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : "unexpected error (see the log)";
        Throwable cause = failure.getCause();
        return cause != null && cause.getMessage() != null && !message.contains(cause.getMessage()) ? message + ": " + cause.getMessage() : message;
    }
}
