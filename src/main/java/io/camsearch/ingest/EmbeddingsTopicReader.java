package io.camsearch.ingest;

import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.embeddings.EnvelopeFormatException;
import io.camsearch.index.SourceVersion;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.IndexModel;
import io.camsearch.index.ItemId;
import io.camsearch.logging.LogText;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A searcher's copy of the catalog: reads every partition of a model's embeddings topic and applies
 * its envelopes to the index through an {@link IndexApplier}, the index's one writer, so that the
 * index holds what the topic holds.
 *
 * <p>Every searcher reads every partition itself ({@code assign}, no consumer group): each replica
 * needs the whole catalog, and its position is the one recorded in its own index commit, not a
 * group's offset, so a replica restarted on its index resumes where that index stops, and one on an
 * empty disk starts from the beginning.
 *
 * <p>An envelope of another model stops the reader (vectors of two models are never mixed); the
 * index records the model it holds in its commit data and an index of another model is refused at
 * start. An item is applied only if its {@link SourceVersion} is newer than the one the index holds
 * for it (an embedder replaying after a crash republishes older versions). Offsets the index
 * recorded that the topic no longer has (the topic was recreated; records were deleted past them)
 * make the reader clear the index and rebuild it from the beginning.
 *
 * <p>A record that is not an envelope (the codec refuses it, or its key is no item id) is logged
 * with its topic, partition and offset and skipped, not a reason to stop: the topic is compacted, so
 * the record stays until its item is published again, and stopping would stop every replica, now
 * and on every restart, on one item. Skipping leaves that one item as it was until its next update,
 * and the count of skipped records ({@link #counts()}) shows it.
 */
public final class EmbeddingsTopicReader implements AutoCloseable {

    /** Opens the applier over the index; called again after a rebuild (an applier's positions never move back). */
    @FunctionalInterface
    public interface ApplierFactory {
        IndexApplier open(CatalogIndex index) throws IOException;
    }

    /**
     * What the reader has done since it started: records read, upserts and deletes applied,
     * envelopes not newer than the indexed copy (older, or the same version read again), records
     * skipped as malformed, and rebuilds of the index.
     */
    public record Counts(long read, long upserted, long deleted, long olderIgnored, long malformedSkipped, long rebuilds) {}

    private static final System.Logger LOG = System.getLogger(EmbeddingsTopicReader.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);
    /**
     * Ids whose versions the reader keeps in memory before it refreshes the index's searcher and
     * forgets them (about 150 bytes each). A refresh per poll flushed every poll's few dozen items
     * into a segment of their own, and a rebuild spent most of its time flushing and merging them.
     */
    static final int KNOWN_VERSIONS = 100_000;

    private final String topic;
    private final ModelIdentity model;
    private final CatalogIndex index;
    private final ApplierFactory appliers;
    /** Segments a rebuild from the beginning is merged down to once it has caught up; 0 merges nothing. */
    private final int rebuildMaxSegments;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong upserted = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong olderIgnored = new AtomicLong();
    private final AtomicLong malformedSkipped = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();
    /** While a rebuild started after catching up refills the index: the end offsets it must reach; null otherwise. */
    private volatile Map<TopicPartition, Long> rebuildingUntil;
    private volatile boolean closing;
    /** Records each partition holds past the last applied batch, as of the last poll; empty before the first. */
    private volatile Map<TopicPartition, Long> lag = Map.of();
    /** Owned by the reader thread. */
    private IndexApplier applier;
    /** The end offsets a rebuild from the beginning is merged down at, once read; null when none is due. Owned by the reader thread. */
    private Map<TopicPartition, Long> mergeAt;
    /**
     * What the index holds of each id the reader has looked up or written since it last refreshed
     * the index's searcher. Owned by the reader thread. The reader is the index's one source of
     * writes, so an id absent from here is as the searcher shows it: written, if at all, before
     * that refresh.
     */
    private final Map<String, Optional<SourceVersion>> known = new HashMap<>();
    /**
     * The last batch handed to the applier, applied or not. The reader decodes the next poll while
     * the applier writes this one (the applier's capacity bounds how many wait); the applier
     * applies in order, and a failed batch fails every batch after it, so this one completing
     * means every earlier batch is applied. Owned by the reader thread.
     */
    private CompletableFuture<BatchReport> lastBatch = CompletableFuture.completedFuture(null);

    private EmbeddingsTopicReader(Map<String, ?> consumerConfig, String topic, ModelIdentity model, CatalogIndex index, ApplierFactory appliers,
            int rebuildMaxSegments) {
        if (rebuildMaxSegments < 0) {
            throw new IllegalArgumentException("the segments a rebuilt index is merged down to must be >= 0 (0: no merge), got " + rebuildMaxSegments);
        }
        this.topic = topic;
        this.model = model;
        this.index = index;
        this.appliers = appliers;
        this.rebuildMaxSegments = rebuildMaxSegments;
        this.consumer = new KafkaConsumer<>(readerConfig(consumerConfig), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Futures.daemons("embeddings-reader-" + topic).newThread(this::run);
    }

    /**
     * Checks that the index holds {@code model}'s vectors (an index that names no model and holds
     * no item is claimed for it), then reads {@code topic} on a thread of its own. The reader is
     * then the index's only source of writes: through the appliers it opens, and by itself only
     * while none is open (claiming, clearing for a rebuild).
     *
     * @param consumerConfig bootstrap servers and security settings; group, offset and deserializer settings are the reader's own
     * @throws io.camsearch.model.ModelMismatchException when the index holds another model's vectors
     * @throws IllegalStateException when the index holds items but names no model
     */
    public static EmbeddingsTopicReader start(Map<String, ?> consumerConfig, String topic, ModelIdentity model, CatalogIndex index,
            ApplierFactory appliers) throws IOException {
        return start(consumerConfig, topic, model, index, appliers, 0);
    }

    /**
     * Like {@link #start(Map, String, ModelIdentity, CatalogIndex, ApplierFactory)}, and once a
     * rebuild from the beginning (an empty index, or one cleared on offsets the topic no longer
     * has) has read the topic as it was when the rebuild began, merges the index down to at most
     * {@code rebuildMaxSegments} segments (0: no merge) before {@link #caughtUp()} completes:
     * every segment is searched with its own graph walk. The merge is durable with the applier's
     * next commit.
     */
    public static EmbeddingsTopicReader start(Map<String, ?> consumerConfig, String topic, ModelIdentity model, CatalogIndex index,
            ApplierFactory appliers, int rebuildMaxSegments) throws IOException {
        IndexModel.claim(index, model, "the index");
        EmbeddingsTopicReader reader = new EmbeddingsTopicReader(consumerConfig, topic, model, index, appliers, rebuildMaxSegments);
        reader.thread.start();
        return reader;
    }

    /** Completes once everything the topic held at start is applied: readiness waits for it. Fails if the reader stops first. */
    public CompletableFuture<Void> caughtUp() {
        // (See also current(): a rebuild while running makes the index not current again.)
        return caughtUp;
    }

    /** Completes when the reader stops: normally after {@link #close}, exceptionally with what stopped it. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    public Counts counts() {
        return new Counts(read.get(), upserted.get(), deleted.get(), olderIgnored.get(), malformedSkipped.get(), rebuilds.get());
    }

    /**
     * Records each partition holds beyond what is applied, as the last poll saw its end (no broker
     * call: readiness and metrics read it); empty before the first poll, a partition absent until
     * the consumer has fetched from it.
     */
    public Map<TopicPartition, Long> lag() {
        return lag;
    }

    /** The topic read. */
    public String topic() {
        return topic;
    }

    /** Stops reading and closes the applier, which commits what was applied. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> readerConfig(Map<String, ?> given) {
        Map<String, Object> config = new HashMap<>(given);
        // No group: the position lives in the index commit, and every replica reads every partition.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Offsets out of range must reach the reader (it rebuilds), not be reset silently past a gap.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // The embedder creates the topic with its partitions and compaction; a reader must not create it first.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return config;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
            Positions stored = ownPositions(Positions.fromCommitData(index.committedData()));
            Optional<String> outOfRange = outOfRange(stored, partitions, beginning, endAtStart);
            if (outOfRange.isPresent()) {
                rebuild(outOfRange.get());
                stored = Positions.NONE;
            }
            if (stored.isEmpty()) {
                mergeAt = endAtStart;
            }
            forgetVersions();
            applier = appliers.open(index);
            seek(partitions, stored);
            while (!closing) {
                mergeIfRebuilt();
                checkCaughtUp(endAtStart);
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (InvalidOffsetException e) {
                    applier.close();
                    applier = null;
                    // Batches still queued were cancelled by the close: the index is cleared anyway.
                    lastBatch = CompletableFuture.completedFuture(null);
                    rebuild(noRecordsAt(e));
                    mergeAt = consumer.endOffsets(partitions, METADATA_TIMEOUT);
                    forgetVersions();
                    applier = appliers.open(index);
                    seek(partitions, Positions.NONE);
                    // The cleared index is not the catalog: not current again until it holds what the topic holds now.
                    endAtStart = mergeAt;
                    rebuildingUntil = mergeAt;
                    continue;
                }
                if (!records.isEmpty()) {
                    applyBatch(records);
                }
                refuseIfABatchFailed();
                lag = currentLag(partitions);
            }
            stopped.complete(null);
        } catch (WakeupException e) {
            stopped.complete(null);
        } catch (Throwable e) {
            if (!closing) {
                LOG.log(System.Logger.Level.ERROR, "reading " + topic + " stopped: " + e.getMessage(), e);
            }
            stopped.completeExceptionally(e);
        } finally {
            caughtUp.completeExceptionally(new IllegalStateException("the reader of " + topic + " stopped before it caught up"));
            if (applier != null) {
                applier.close();
            }
            consumer.close();
        }
    }

    /** The lag from the consumer's last fetch, plus the records polled that the applier has not applied yet. */
    private Map<TopicPartition, Long> currentLag(List<TopicPartition> partitions) {
        Positions applied = applier.applied();
        Map<TopicPartition, Long> now = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            OptionalLong behind = consumer.currentLag(partition);
            OptionalLong appliedUpTo = applied.next(partition);
            if (behind.isPresent()) {
                long polledNotApplied = appliedUpTo.isPresent() ? Math.max(0, consumer.position(partition, METADATA_TIMEOUT) - appliedUpTo.getAsLong()) : 0;
                now.put(partition, behind.getAsLong() + polledNotApplied);
            }
        }
        return Map.copyOf(now);
    }

    private List<TopicPartition> partitions() throws InterruptedException {
        while (!closing) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (!infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            // The topic is created by the embedder's first publication: a searcher may start first.
            LOG.log(System.Logger.Level.INFO, "topic {0} does not exist yet; waiting for it", topic);
            Thread.sleep(TOPIC_RETRY.toMillis());
        }
        throw new WakeupException();
    }

    private Positions ownPositions(Positions all) {
        Map<TopicPartition, Long> own = new LinkedHashMap<>();
        all.asMap().forEach((partition, next) -> {
            if (partition.topic().equals(topic)) {
                own.put(partition, next);
            }
        });
        return Positions.of(own);
    }

    /** Why the stored positions cannot be resumed from, if they cannot. */
    static Optional<String> outOfRange(Positions stored, List<TopicPartition> partitions, Map<TopicPartition, Long> beginning,
            Map<TopicPartition, Long> end) {
        for (var entry : stored.asMap().entrySet()) {
            TopicPartition partition = entry.getKey();
            long next = entry.getValue();
            if (!partitions.contains(partition)) {
                return Optional.of("the index has read partition " + partition.partition() + ", which the topic no longer has (was it recreated?)");
            }
            if (next < beginning.get(partition)) {
                return Optional.of("the index has read partition " + partition.partition() + " up to offset " + next + ", but its log now starts at "
                        + beginning.get(partition) + " (records were deleted past the index's position)");
            }
            if (next > end.get(partition)) {
                return Optional.of("the index has read partition " + partition.partition() + " up to offset " + next + ", beyond its end offset "
                        + end.get(partition) + " (was the topic recreated?)");
            }
        }
        return Optional.empty();
    }

    /** The out-of-range positions in words (Kafka's own message names its internal types). */
    private static String noRecordsAt(InvalidOffsetException e) {
        Map<TopicPartition, Long> offsets = e instanceof OffsetOutOfRangeException outOfRange ? outOfRange.offsetOutOfRangePartitions() : Map.of();
        String positions = e.partitions().stream().sorted(Comparator.comparingInt(TopicPartition::partition))
                .map(partition -> "partition " + partition.partition() + (offsets.containsKey(partition) ? " at offset " + offsets.get(partition) : ""))
                .collect(Collectors.joining(", "));
        return "the broker has no records at the reader's next positions (" + positions + "): was the topic recreated, or were records deleted past them?";
    }

    /** Clears the index, keeping its model: no applier is open while it runs, so it is still the one writer. */
    private void rebuild(String reason) throws IOException {
        assert applier == null : "rebuilding while an applier is open";
        LOG.log(System.Logger.Level.WARNING, "rebuilding the index from the beginning of {0}: {1}", topic, reason);
        index.deleteAll();
        index.commit(model.asProperties());
        rebuilds.incrementAndGet();
    }

    private void seek(List<TopicPartition> partitions, Positions from) {
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OptionalLong next = from.next(partition);
            if (next.isPresent()) {
                consumer.seek(partition, next.getAsLong());
            } else {
                fromBeginning.add(partition);
            }
        }
        // Never with an empty list: that seeks every assigned partition to its beginning.
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
    }

    /** Merges a rebuilt index down once the rebuild has read what the topic held when it began. */
    private void mergeIfRebuilt() throws IOException {
        if (mergeAt == null || !readUpTo(mergeAt)) {
            return;
        }
        mergeAt = null;
        if (rebuildMaxSegments == 0) {
            return;
        }
        awaitBatches();
        int before = index.segments();
        long start = System.nanoTime();
        index.forceMerge(rebuildMaxSegments);
        LOG.log(System.Logger.Level.INFO, "merged the rebuilt index from {0} segments to {1} in {2} s", before, index.segments(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }

    /** Whether the consumer has polled every partition up to these offsets. */
    private boolean readUpTo(Map<TopicPartition, Long> ends) {
        for (var entry : ends.entrySet()) {
            if (consumer.position(entry.getKey(), METADATA_TIMEOUT) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void checkCaughtUp(Map<TopicPartition, Long> endAtStart) throws IOException {
        if (caughtUp.isDone() && rebuildingUntil == null) {
            return;
        }
        // The consumer's position counts polled records; each polled batch is with the applier.
        if (!readUpTo(endAtStart)) {
            return;
        }
        awaitBatches();
        if (rebuildingUntil != null) {
            LOG.log(System.Logger.Level.INFO, "the rebuilt index has caught up with {0}: {1}", topic, counts());
            rebuildingUntil = null;
            return;
        }
        LOG.log(System.Logger.Level.INFO, "the index has caught up with {0} as of the reader''s start: {1}", topic, counts());
        caughtUp.complete(null);
    }

    /**
     * Whether the index is current: caught up once ({@link #caughtUp()}) and not rebuilding since
     * (a rebuild while running clears the index; readiness turns DOWN until it is refilled).
     */
    public boolean current() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally() && rebuildingUntil == null;
    }

    /**
     * Hands one polled batch to the applier, in order, without waiting for it: {@link #known}
     * already holds the versions it writes, so the next batch is checked against them.
     */
    private void applyBatch(ConsumerRecords<String, byte[]> records) throws IOException {
        lookUpVersions(records);
        List<Change> changes = new ArrayList<>();
        Positions advanceTo = Positions.NONE;
        for (ConsumerRecord<String, byte[]> record : records) {
            read.incrementAndGet();
            advanceTo = advanceTo.after(record);
            change(record, known).ifPresent(changes::add);
        }
        // Counted before the batch counts as applied, so that counts() read after caughtUp() include it.
        lastBatch = applier.apply(advanceTo, () -> CompletableFuture.completedFuture(changes)).thenApply(report -> {
            upserted.addAndGet(report.upserted());
            deleted.addAndGet(report.deleted());
            return report;
        });
    }

    /** Stops the reader with the failure of a batch the applier refused or could not apply. */
    private void refuseIfABatchFailed() throws IOException {
        if (lastBatch.isCompletedExceptionally()) {
            awaitBatches();
        }
    }

    /** Waits until every batch handed to the applier is applied; throws what stopped one. */
    private void awaitBatches() throws IOException {
        try {
            lastBatch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while applying records of " + topic, e);
        } catch (ExecutionException e) {
            throw new IOException("applying records of " + topic + " failed", e.getCause());
        }
    }

    /** Adds what the index holds of the batch's ids to {@link #known}, from the searcher for those not there yet. */
    private void lookUpVersions(ConsumerRecords<String, byte[]> records) throws IOException {
        if (known.size() + records.count() > KNOWN_VERSIONS) {
            // Once every earlier batch is applied, the refreshed searcher shows what was known.
            awaitBatches();
            forgetVersions();
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() != null && record.key() != null && !known.containsKey(record.key())) {
                ids.add(record.key());
            }
        }
        List<String> idList = List.copyOf(ids);
        List<Optional<SourceVersion>> sources = index.sources(idList);
        for (int i = 0; i < idList.size(); i++) {
            known.put(idList.get(i), sources.get(i));
        }
    }

    /** Makes everything written so far visible to the index's searcher, which then answers for every id. */
    private void forgetVersions() throws IOException {
        index.refresh();
        known.clear();
    }

    /** The change a record makes, or none (a malformed record, an older version); {@code held} follows the batch's changes. */
    private Optional<Change> change(ConsumerRecord<String, byte[]> record, Map<String, Optional<SourceVersion>> held) {
        String where = "topic " + record.topic() + ", partition " + record.partition() + ", offset " + record.offset();
        Optional<String> keyProblem = record.key() == null ? Optional.of("the record has no key") : ItemId.problem(record.key());
        if (keyProblem.isPresent()) {
            skip(where, "its key is no item id: " + keyProblem.get());
            return Optional.empty();
        }
        String id = record.key();
        if (record.value() == null) {
            held.put(id, Optional.empty());
            return Optional.of(new Change.Delete(id));
        }
        EmbeddingEnvelope envelope;
        try {
            envelope = EnvelopeCodec.decode(id, record.value());
        } catch (EnvelopeFormatException e) {
            if (e.newerSchema()) {
                // Skipping would drop every record an upgraded embedder writes while staying ready.
                throw new IllegalStateException("the record at " + where + ": " + e.getMessage()
                        + "; upgrade this searcher (searchers before embedders)", e);
            }
            skip(where, e.getMessage());
            return Optional.empty();
        }
        model.requireSame(envelope.model(), "the record at " + where);
        SourceVersion version = envelope.version();
        Optional<SourceVersion> current = held.getOrDefault(id, Optional.empty());
        if (current.isPresent() && !isNewer(version, current.get(), id, where)) {
            olderIgnored.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "item {0} at {1} is of source {2}, not newer than the indexed one: ignored", LogText.escape(id), where,
                    version);
            return Optional.empty();
        }
        held.put(id, Optional.of(version));
        return Optional.of(new Change.Upsert(envelope.item().withSource(version)));
    }

    /**
     * Whether {@code version} is newer than the indexed one. Versions from two source partitions
     * have no order (the source topic was repartitioned): the record read later is applied, since
     * the embedder published it later, after the event that moved the key.
     */
    private static boolean isNewer(SourceVersion version, SourceVersion held, String id, String where) {
        try {
            return version.isNewerThan(held);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "item {0} at {1}: {2}; applying the later record", LogText.escape(id), where, e.getMessage());
            return true;
        }
    }

    private void skip(String where, String problem) {
        malformedSkipped.incrementAndGet();
        LOG.log(System.Logger.Level.ERROR, "skipped the record at {0}: {1}; its item keeps its indexed copy until it is published again", where,
                problem);
    }
}
