package io.camsearch.service;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.ingest.BatchReport;
import io.camsearch.ingest.CatalogEmbedder;
import io.camsearch.ingest.CatalogIngestor;
import io.camsearch.ingest.DeadLetter;
import io.camsearch.ingest.EmbeddingsPublisher;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.ingest.IngestSettings;
import io.camsearch.ingest.KafkaDeadLetterSink;
import io.camsearch.ingest.ModelEmbedder;
import io.camsearch.ingest.RunningEmbedder;
import io.camsearch.ingest.StaticGroupMembership;
import io.camsearch.model.ModelIdentity;
import io.camsearch.source.ImageFetcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The embedder role on its own ({@code camsearch.roles=embedder}): a {@link CatalogEmbedder} in
 * the {@code camsearch.embedder.group} group on {@code catalog-images}, its pipeline ending in an
 * {@link EmbeddingsPublisher} to the model's embeddings topic, which it creates if missing
 * ({@code camsearch.embeddings.*}). Bad events go to the dead-letter topic as on the one-process
 * path. Its Kafka clients are made from Quarkus's {@code kafka.*} settings, so the broker's
 * address and security settings are the same as the channels'. No index is opened.
 *
 * <p>Metrics: {@code camsearch.embedder.published} (tag {@code kind}: envelope, tombstone) and
 * {@code camsearch.embedder.rejected} (tag {@code reason}), counted once the broker acknowledged.
 */
@ApplicationScoped
public class EmbedderRole {

    private static final Logger LOG = Logger.getLogger(EmbedderRole.class);
    private static final String CHANNEL = "mp.messaging.incoming.catalog-images.";

    @Inject
    Roles roles;

    @Inject
    CamsearchConfig config;

    @Inject
    ModelIdentity model;

    @Inject
    EmbeddingsTopicSetup topicSetup;

    @Inject
    IngestSettings settings;

    @Inject
    ImageFetcher fetcher;

    @Inject
    ImageDecoder decoder;

    @Inject
    ImageExplainer explainer;

    @Inject
    KafkaDeadLetterSink deadLetters;

    @Inject
    StaticGroupMembership membership;

    @Inject
    MeterRegistry metrics;

    @Inject
    Config channels;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile RunningEmbedder embedder;
    private volatile boolean stopping;
    private String topic;

    /** Whether this process runs the embedder on its own (both roles in one process hand over in-process: no embedder). */
    public boolean runs() {
        return roles.embedderOnly();
    }

    /** The topic it reads: the {@code catalog-images} channel's topic. */
    public String sourceTopic() {
        return channels.getOptionalValue(CHANNEL + "topic", String.class).orElse("catalog-images");
    }

    void start(@Observes StartupEvent start) throws IOException {
        if (!runs()) {
            return;
        }
        RunningEmbedder started = RunningEmbedder.start(kafka, consumerSettings(), sourceTopic(), model,
                explainer.cam().sharedGradient().orElse(null), topicSetup, deadLetters,
                CatalogIngestor.applierCapacity(settings), publisher -> new CatalogIngestor(fetcher, decoder,
                        new ModelEmbedder(explainer, settings.modelThreads()), new CountedChanges(publisher, this::count), settings));
        if (started.createdTopic()) {
            LOG.infof("created the embeddings topic %s: %s", started.topic(), topicSetup);
        }
        topic = started.topic();
        embedder = started;
    }

    /**
     * The channel's fetch sizes and poll size (events carry images inline), over {@code kafka.*};
     * group and commits are the embedder's; a static member under {@code camsearch.instance-id}, as
     * the one-process path, so that a restarted embedder takes its partitions back at once.
     */
    private Map<String, Object> consumerSettings() {
        Map<String, Object> base = new HashMap<>(kafka);
        for (String key : new String[] {ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG}) {
            channels.getOptionalValue(CHANNEL + key, String.class).ifPresent(value -> base.put(key, value));
        }
        return membership.member(CatalogEmbedder.consumerSettings(base, config.embedder().group()), sourceTopic() + " (embedder)");
    }

    private void count(BatchReport report) {
        metrics.counter("camsearch.embedder.published", "kind", "envelope").increment(report.upserted());
        metrics.counter("camsearch.embedder.published", "kind", "tombstone").increment(report.deleted());
        for (DeadLetter letter : report.rejected()) {
            metrics.counter("camsearch.embedder.rejected", "reason", letter.reason()).increment();
        }
    }

    /** The embeddings topic it publishes to; null when it does not run. */
    public String topic() {
        return topic;
    }

    /** What stopped the embedder, or null while it runs (or does not run here). */
    public Throwable failure() {
        RunningEmbedder running = embedder;
        if (running == null || stopping) {
            return null;
        }
        Throwable failed = running.failure();
        if (failed == null && !running.isRunning()) {
            return new IllegalStateException("the embedder's consumer loop ended");
        }
        return failed;
    }

    /** One line for health data. */
    public String state() {
        Throwable failed = failure();
        if (failed != null) {
            return "stopped: " + IngestionLiveness.describe(failed) + " (a restart resumes from the group's committed offsets)";
        }
        return embedder == null ? "not started" : "consuming " + sourceTopic() + " as group " + config.embedder().group() + " into " + topic;
    }

    /** At shutdown: stops consuming, lets the chunk being published finish, commits the acknowledged positions to the group. */
    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (embedder != null) {
            embedder.close();
        }
    }
}
