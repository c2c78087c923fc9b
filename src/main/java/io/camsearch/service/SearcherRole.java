package io.camsearch.service;

import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.index.CatalogIndex;
import io.camsearch.ingest.EmbeddingsTopicReader;
import io.camsearch.ingest.IndexApplier;
import io.camsearch.ingest.IngestSettings;
import io.camsearch.ingest.KafkaDeadLetterSink;
import io.camsearch.model.ModelIdentity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * The searcher role on its own ({@code camsearch.roles=searcher}): an {@link EmbeddingsTopicReader}
 * on the model's embeddings topic applies every envelope and tombstone to this process's index
 * through an {@link IndexApplier}, the same applier the one-process path ends in, so one code path
 * writes items to an index in both set-ups. Nothing consumes {@code catalog-images}; the model is
 * loaded for query embeddings only. Ready once the reader has caught up with the topic as it was
 * at start; after a rebuild from the beginning, once it has also merged the index down to
 * {@code camsearch.index.rebuild-max-segments}.
 *
 * <p>Metrics: {@code camsearch.searcher.records} (tag {@code outcome}: upserted, deleted,
 * older-ignored, malformed-skipped), {@code camsearch.searcher.rebuilds},
 * {@code camsearch.searcher.caught.up} (0 or 1), {@code camsearch.searcher.partition.lag}
 * (tags topic, partition).
 */
@ApplicationScoped
public class SearcherRole {

    @Inject
    Roles roles;

    @Inject
    ModelIdentity model;

    @Inject
    CatalogIndex index;

    @Inject
    IngestSettings settings;

    @Inject
    CamsearchConfig config;

    @Inject
    KafkaDeadLetterSink deadLetters;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile EmbeddingsTopicReader reader;
    private volatile boolean stopping;
    private ScheduledExecutorService gauges;
    private final Set<TopicPartition> gauged = ConcurrentHashMap.newKeySet();

    /** Whether this process runs the searcher on its own (both roles in one process hand over in-process: no reader). */
    public boolean runs() {
        return roles.searcherOnly();
    }

    void start(@Observes StartupEvent start) throws IOException {
        if (!runs()) {
            return;
        }
        // Rejects never reach the reader's applier (a malformed record is skipped and counted), so its dead-letter sink stays idle.
        reader = EmbeddingsTopicReader.start(kafka, EmbeddingsTopic.name(model), model, index,
                opened -> IndexApplier.open(opened, deadLetters, settings), rebuildMaxSegments());
        register();
    }

    private int rebuildMaxSegments() {
        int segments = config.index().rebuildMaxSegments();
        if (segments < 0) {
            throw new IllegalArgumentException("camsearch.index.rebuild-max-segments must be >= 0 (0: no merge), got " + segments);
        }
        return segments;
    }

    private void register() {
        count("upserted", c -> c.upserted());
        count("deleted", c -> c.deleted());
        count("older-ignored", c -> c.olderIgnored());
        count("malformed-skipped", c -> c.malformedSkipped());
        FunctionCounter.builder("camsearch.searcher.rebuilds", this, s -> s.reader.counts().rebuilds())
                .description("Times the searcher cleared its index and rebuilt it from the beginning of the embeddings topic").register(metrics);
        Gauge.builder("camsearch.searcher.caught.up", this, s -> s.caughtUp() ? 1 : 0)
                .description("1 once the searcher has applied the embeddings topic as it was at start").register(metrics);
        // Partitions are known once the reader has polled: their lag gauges are added as they appear.
        gauges = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("searcher-lag-gauges").factory());
        gauges.scheduleWithFixedDelay(this::gaugeNewPartitions, 0, 1, TimeUnit.SECONDS);
    }

    private void count(String outcome, ToLongFunction<EmbeddingsTopicReader.Counts> count) {
        FunctionCounter.builder("camsearch.searcher.records", this, s -> count.applyAsLong(s.reader.counts())).tag("outcome", outcome)
                .description("Embeddings topic records the searcher read, by what it did with them").register(metrics);
    }

    private void gaugeNewPartitions() {
        for (TopicPartition partition : reader.lag().keySet()) {
            if (gauged.add(partition)) {
                Gauge.builder("camsearch.searcher.partition.lag", this, s -> s.reader.lag().getOrDefault(partition, -1L))
                        .tags("topic", partition.topic(), "partition", Integer.toString(partition.partition()))
                        .description("Embeddings topic records of one partition not yet applied to the index, as of the last poll").register(metrics);
            }
        }
    }

    /** The embeddings topic it reads; null when it does not run. */
    public String topic() {
        return reader == null ? null : reader.topic();
    }

    /** Whether everything the topic held at start is applied, and no rebuild since is refilling the index. */
    public boolean caughtUp() {
        EmbeddingsTopicReader running = reader;
        return running != null && running.current();
    }

    /** What stopped the reader, or null while it runs (or does not run here). */
    public Throwable failure() {
        EmbeddingsTopicReader running = reader;
        if (running == null || stopping || !running.stopped().isDone()) {
            return null;
        }
        return running.stopped().handle((done, failed) -> failed != null ? failed : new IllegalStateException("the embeddings reader stopped"))
                .join();
    }

    /** One line for health data. */
    public String state() {
        Throwable failed = failure();
        if (failed != null) {
            Throwable cause = failed instanceof java.util.concurrent.CompletionException && failed.getCause() != null ? failed.getCause() : failed;
            return "stopped: " + IngestionLiveness.describe(cause) + " (a restart resumes from the last index commit)";
        }
        if (reader == null) {
            return "not started";
        }
        return caughtUp() ? "caught up, reading " + reader.topic() : "catching up with " + reader.topic() + " (or waiting for it to exist)";
    }

    /** The reader's counts and lag per partition ({@code lag.<topic>-<partition>}), for health data. */
    public Map<String, Object> data() {
        Map<String, Object> data = new TreeMap<>();
        if (reader == null) {
            return data;
        }
        var counts = reader.counts();
        data.put("rebuilds", counts.rebuilds());
        data.put("upserted", counts.upserted());
        data.put("deleted", counts.deleted());
        data.put("olderIgnored", counts.olderIgnored());
        data.put("malformedSkipped", counts.malformedSkipped());
        reader.lag().forEach((partition, lag) -> data.put("lag." + partition.topic() + "-" + partition.partition(), lag));
        return data;
    }

    /** At shutdown, before the index is closed: the reader stops and its applier commits what it applied. */
    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (gauges != null) {
            gauges.shutdownNow();
        }
        if (reader != null) {
            reader.close();
        }
    }
}
