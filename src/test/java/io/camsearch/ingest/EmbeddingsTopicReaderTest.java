package io.camsearch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.index.SourceVersion;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.MetadataFilter;
import io.camsearch.local.KafkaBroker;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.ModelMismatchException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A searcher's reader against a real broker, applying to a real Lucene index. */
class EmbeddingsTopicReaderTest {

    private static final ModelIdentity MODEL = new ModelIdentity("reader-test", "ab".repeat(32), 4);
    private static final ModelIdentity OTHER_MODEL = new ModelIdentity("reader-test", "cd".repeat(32), 4);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.start(brokerDir, System.getProperty("java.class.path"), 0);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void upsertsUpdatesAndTombstonesEndAsTheTopicsLastRecordPerItem() throws Exception {
        String topic = topic("apply", 1);
        publish(topic, "a", envelope(MODEL, "a", 1, 1f));
        publish(topic, "b", envelope(MODEL, "b", 2, 2f));
        publish(topic, "a", envelope(MODEL, "a", 3, 3f));
        publish(topic, "b", null);
        publish(topic, "c", envelope(MODEL, "c", 4, 4f));
        try (CatalogIndex index = index("i"); EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
            awaitCaughtUp(reader);
            index.refresh();
            assertEquals(Set.of("a", "c"), ids(index));
            CatalogItem a = index.get("a").orElseThrow();
            assertArrayEquals(new float[] {3f, 0f, 0f, 1f}, a.embedding());
            assertEquals(new SourceVersion(0, 3), a.source(), "the item's source version is stored with it");
            assertEquals(3L, ((Number) a.metadata().get("version")).longValue());
            assertEquals(new EmbeddingsTopicReader.Counts(5, 4, 1, 0, 0, 0), reader.counts());
        }
    }

    @Test
    void anOlderVersionAfterANewerOneIsIgnoredWithinABatchAndAcrossBatches() throws Exception {
        String topic = topic("older", 1);
        publish(topic, "a", envelope(MODEL, "a", 10, 10f));
        publish(topic, "a", envelope(MODEL, "a", 5, 5f));
        try (CatalogIndex index = index("i"); EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
            awaitCaughtUp(reader);
            publish(topic, "a", envelope(MODEL, "a", 7, 7f));
            // read counts a record before it is judged: wait for the judgement itself.
            await().atMost(WAIT).until(() -> reader.counts().olderIgnored() == 2 || reader.counts().upserted() > 1);
            assertEquals(new EmbeddingsTopicReader.Counts(3, 1, 0, 2, 0, 0), reader.counts(), "the older record was ignored, not applied");
            index.refresh();
            assertArrayEquals(new float[] {10f, 0f, 0f, 1f}, index.get("a").orElseThrow().embedding());
            publish(topic, "a", envelope(MODEL, "a", 11, 11f));
            await().atMost(WAIT).until(() -> reader.counts().read() == 4);
            index.refresh();
            assertArrayEquals(new float[] {11f, 0f, 0f, 1f}, index.get("a").orElseThrow().embedding(), "a newer version replaces it");
        }
    }

    @Test
    void versionsOfBatchesStillWithTheApplierDecideWhatTheNextBatchesApply() throws Exception {
        String topic = topic("pipelined", 1);
        publish(topic, "a", envelope(MODEL, "a", 10, 10f));
        publish(topic, "b", envelope(MODEL, "b", 3, 3f));
        publish(topic, "a", envelope(MODEL, "a", 5, 5f));
        publish(topic, "b", envelope(MODEL, "b", 1, 1f));
        publish(topic, "a", null);
        publish(topic, "a", envelope(MODEL, "a", 2, 2f));
        publish(topic, "b", envelope(MODEL, "b", 4, 4f));
        // One record a poll: each batch is checked while the ones before it may still wait to be applied.
        Map<String, Object> onePerPoll = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), "max.poll.records", 1);
        try (CatalogIndex index = index("i");
                EmbeddingsTopicReader reader = EmbeddingsTopicReader.start(onePerPoll, topic, MODEL, index, EmbeddingsTopicReaderTest::applier)) {
            awaitCaughtUp(reader);
            index.refresh();
            assertArrayEquals(new float[] {2f, 0f, 0f, 1f}, index.get("a").orElseThrow().embedding(), "after its tombstone any version applies");
            assertArrayEquals(new float[] {4f, 0f, 0f, 1f}, index.get("b").orElseThrow().embedding());
            assertEquals(new EmbeddingsTopicReader.Counts(7, 4, 1, 2, 0, 0), reader.counts());
        }
    }

    @Test
    void twoReadersOnTwoIndexesHoldTheSameItems() throws Exception {
        String topic = topic("two", 3);
        for (int i = 0; i < 30; i++) {
            publish(topic, "item-" + i, envelope(MODEL, "item-" + i, i, i));
        }
        for (int i = 0; i < 30; i += 3) {
            publish(topic, "item-" + i, null);
        }
        try (CatalogIndex first = index("first"); CatalogIndex second = index("second");
                EmbeddingsTopicReader one = start(topic, MODEL, first); EmbeddingsTopicReader two = start(topic, MODEL, second)) {
            awaitCaughtUp(one);
            awaitCaughtUp(two);
            first.refresh();
            second.refresh();
            assertEquals(20, first.size());
            assertEquals(embeddings(first), embeddings(second));
        }
    }

    @Test
    void aRestartedReaderResumesFromTheIndexCommitAndReadsOnlyWhatFollows() throws Exception {
        String topic = topic("restart", 2);
        for (int i = 0; i < 5; i++) {
            publish(topic, "r" + i, envelope(MODEL, "r" + i, i, i));
        }
        try (CatalogIndex index = index("i")) {
            try (EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
                awaitCaughtUp(reader);
            }
            publish(topic, "r5", envelope(MODEL, "r5", 5, 5f));
            publish(topic, "r0", null);
            try (EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
                awaitCaughtUp(reader);
                assertEquals(2, reader.counts().read(), "only the records after the commit are read again");
                index.refresh();
                assertEquals(Set.of("r1", "r2", "r3", "r4", "r5"), ids(index));
            }
        }
    }

    @Test
    void caughtUpCompletesOnceEverythingTheTopicHeldAtStartIsApplied() throws Exception {
        String empty = topic("empty", 2);
        String full = topic("full", 2);
        for (int i = 0; i < 40; i++) {
            publish(full, "f" + i, envelope(MODEL, "f" + i, i, i));
        }
        try (CatalogIndex emptyIndex = index("e"); EmbeddingsTopicReader reader = start(empty, MODEL, emptyIndex)) {
            awaitCaughtUp(reader);
        }
        try (CatalogIndex index = index("f"); EmbeddingsTopicReader reader = start(full, MODEL, index)) {
            awaitCaughtUp(reader);
            index.refresh();
            assertEquals(40, index.size(), "every item of the start's end offsets is in the index when caughtUp completes");
        }
    }

    @Test
    void anEnvelopeOfAnotherModelStopsTheReaderNamingWhereItIs() throws Exception {
        String topic = topic("mismatch", 1);
        publish(topic, "a", envelope(MODEL, "a", 1, 1f));
        publish(topic, "b", envelope(OTHER_MODEL, "b", 2, 2f));
        try (CatalogIndex index = index("i"); EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
            await().atMost(WAIT).until(() -> reader.stopped().isDone());
            CompletionException stopped = assertThrows(CompletionException.class, () -> reader.stopped().join());
            ModelMismatchException mismatch = assertInstanceOf(ModelMismatchException.class, stopped.getCause());
            assertTrue(mismatch.getMessage().startsWith("the record at topic " + topic + ", partition 0, offset 1 holds vectors of model"),
                    mismatch.getMessage());
            assertTrue(reader.caughtUp().isCompletedExceptionally());
            index.refresh();
            assertTrue(index.get("b").isEmpty(), "the other model's vector is never applied");
        }
    }

    @Test
    void anEnvelopeOfANewerSchemaStopsTheReaderInsteadOfBeingSkipped() throws Exception {
        String topic = topic("newer-schema", 1);
        publish(topic, "a", envelope(MODEL, "a", 1, 1f));
        byte[] newer = envelope(MODEL, "b", 2, 2f);
        newer[0] = (byte) (EnvelopeCodec.SCHEMA_VERSION + 1);
        publish(topic, "b", newer);
        try (CatalogIndex index = index("i"); EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
            await().atMost(WAIT).until(() -> reader.stopped().isDone());
            CompletionException stopped = assertThrows(CompletionException.class, () -> reader.stopped().join());
            assertTrue(stopped.getCause().getMessage().startsWith("the record at topic " + topic + ", partition 0, offset 1: envelope field "
                    + "'schema version' at byte 0: schema version " + (EnvelopeCodec.SCHEMA_VERSION + 1) + " is newer than this reader knows"),
                    stopped.getCause().getMessage());
            assertTrue(stopped.getCause().getMessage().endsWith("upgrade this searcher (searchers before embedders)"));
            assertEquals(0, reader.counts().malformedSkipped(), "not skipped as a damaged record");
            assertTrue(reader.caughtUp().isCompletedExceptionally(), "never ready on a topic it cannot read");
        }
    }

    @Test
    void anIndexOfAnotherModelIsRefusedAtStart() throws Exception {
        String topic = topic("other-index", 1);
        try (CatalogIndex index = index("i")) {
            start(topic, OTHER_MODEL, index).close();
            ModelMismatchException refused = assertThrows(ModelMismatchException.class, () -> start(topic, MODEL, index));
            assertTrue(refused.getMessage().startsWith("the index holds vectors of model 'reader-test' (weights sha256 cdcdcdcdcdcd..."),
                    refused.getMessage());
            assertEquals(Optional.of(OTHER_MODEL), ModelIdentity.fromProperties(index.committedData(), "the index"));
        }
    }

    @Test
    void storedOffsetsBeforeTheLogStartClearTheIndexAndRebuildItFromTheBeginning() throws Exception {
        String topic = topic("rebuild", 1);
        publish(topic, "a", envelope(MODEL, "a", 0, 1f));
        publish(topic, "b", envelope(MODEL, "b", 1, 2f));
        try (CatalogIndex index = index("i")) {
            try (EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
                awaitCaughtUp(reader);
            }
            publish(topic, "c", envelope(MODEL, "c", 2, 3f));
            publish(topic, "d", envelope(MODEL, "d", 3, 4f));
            publish(topic, "e", envelope(MODEL, "e", 4, 5f));
            try (Admin admin = broker.admin()) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(3))).all().get();
            }
            try (EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
                awaitCaughtUp(reader);
                assertEquals(1, reader.counts().rebuilds());
                index.refresh();
                assertEquals(Set.of("d", "e"), ids(index), "the index holds what the topic holds, nothing from before the rebuild");
                assertEquals(Optional.of(MODEL), ModelIdentity.fromProperties(index.committedData(), "the index"), "the rebuilt index keeps its model");
            }
        }
    }

    @Test
    void aTopicRecreatedWhileTheReaderRunsClearsTheIndexAndRebuildsItFromTheNewTopic() throws Exception {
        String topic = topic("recreated", 1);
        publish(topic, "a", envelope(MODEL, "a", 0, 1f));
        publish(topic, "b", envelope(MODEL, "b", 1, 2f));
        publish(topic, "c", envelope(MODEL, "c", 2, 3f));
        try (CatalogIndex index = index("i"); EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
            awaitCaughtUp(reader);
            try (Admin admin = broker.admin()) {
                admin.deleteTopics(List.of(topic)).all().get();
                await().atMost(WAIT).until(() -> !admin.listTopics().names().get().contains(topic));
            }
            topic("recreated", 1);
            publish(topic, "d", envelope(MODEL, "d", 3, 4f));
            await().atMost(WAIT).until(() -> reader.counts().rebuilds() == 1 && reader.counts().upserted() == 4 || reader.stopped().isDone());
            assertTrue(!reader.stopped().isDone(), "the reader goes on after the rebuild");
            index.refresh();
            assertEquals(Set.of("d"), ids(index), "the index holds what the recreated topic holds");
            await().atMost(WAIT).until(reader::current);
        }
    }

    @Test
    void aMalformedRecordIsSkippedAndTheRecordsAroundItAreApplied() throws Exception {
        String topic = topic("malformed", 1);
        publish(topic, "a", envelope(MODEL, "a", 0, 1f));
        byte[] truncated = envelope(MODEL, "b", 1, 2f);
        publish(topic, "b", Arrays.copyOf(truncated, truncated.length - 3));
        publish(topic, "not an id", envelope(MODEL, "a", 2, 9f));
        publish(topic, "c", envelope(MODEL, "c", 3, 3f));
        try (CatalogIndex index = index("i"); EmbeddingsTopicReader reader = start(topic, MODEL, index)) {
            awaitCaughtUp(reader);
            assertEquals(2, reader.counts().malformedSkipped());
            index.refresh();
            assertEquals(Set.of("a", "c"), ids(index));
            assertTrue(reader.caughtUp().isDone() && !reader.stopped().isDone(), "the reader goes on");
        }
    }

    private static String topic(String name, int partitions) throws IOException {
        String topic = "catalog-embeddings.test-" + name;
        broker.createTopics(List.of(topic), partitions);
        return topic;
    }

    @Test
    void aRebuildFromTheBeginningIsMergedDownToTheSettingBeforeItCountsAsCaughtUp() throws Exception {
        String topic = topic("merge", 3);
        for (int i = 0; i < 60; i++) {
            publish(topic, "m" + i, envelope(MODEL, "m" + i, i, i));
        }
        // Small polls, each committed as it is applied: every batch becomes a segment of its own.
        Map<String, Object> smallPolls = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), "max.poll.records", 3);
        try (CatalogIndex unmerged = index("unmerged");
                EmbeddingsTopicReader reader = EmbeddingsTopicReader.start(smallPolls, topic, MODEL, unmerged, EmbeddingsTopicReaderTest::applier, 0)) {
            awaitCaughtUp(reader);
            unmerged.refresh();
            assertTrue(unmerged.segments() > 2, "without the merge the rebuild leaves " + unmerged.segments() + " segments");
        }
        try (CatalogIndex merged = index("merged");
                EmbeddingsTopicReader reader = EmbeddingsTopicReader.start(smallPolls, topic, MODEL, merged, EmbeddingsTopicReaderTest::applier, 2)) {
            awaitCaughtUp(reader);
            assertTrue(merged.segments() <= 2, "merged down to " + merged.segments() + " segments by the time it caught up");
            merged.refresh();
            assertEquals(60, merged.size());
            publish(topic, "m60", envelope(MODEL, "m60", 60, 60f));
            await().atMost(WAIT).until(() -> reader.counts().upserted() == 61);
            merged.refresh();
            assertEquals(61, merged.size(), "it goes on applying after the merge");
        }
    }

    private static byte[] envelope(ModelIdentity model, String id, long sourceOffset, float first) {
        CatalogItem item = new CatalogItem(id, new float[] {first, 0f, 0f, 1f}, null, Map.of("version", sourceOffset));
        return EnvelopeCodec.encode(new EmbeddingEnvelope(model, new SourceVersion(0, sourceOffset), item));
    }

    private static void publish(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private CatalogIndex index(String name) throws IOException {
        return CatalogIndex.open(dir.resolve(name), 50);
    }

    private static EmbeddingsTopicReader start(String topic, ModelIdentity model, CatalogIndex index) throws IOException {
        return EmbeddingsTopicReader.start(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), topic, model, index,
                EmbeddingsTopicReaderTest::applier);
    }

    private static IndexApplier applier(CatalogIndex target) throws IOException {
        return new IndexApplier(target, letters -> {
            throw new AssertionError("the reader makes no dead letters");
        }, Duration.ZERO, 4);
    }

    private static void awaitCaughtUp(EmbeddingsTopicReader reader) {
        await().atMost(WAIT).until(() -> reader.caughtUp().isDone() || reader.stopped().isDone());
        reader.caughtUp().join();
    }

    private static Set<String> ids(CatalogIndex index) throws IOException {
        return index.find(MetadataFilter.NONE, 1000).items().stream().map(CatalogItem::id).collect(Collectors.toSet());
    }

    private static Map<String, List<Float>> embeddings(CatalogIndex index) throws IOException {
        Map<String, List<Float>> embeddings = new TreeMap<>();
        for (CatalogItem item : index.find(MetadataFilter.NONE, 1000).items()) {
            float[] e = item.embedding();
            embeddings.put(item.id(), List.of(e[0], e[1], e[2], e[3]));
        }
        return embeddings;
    }
}
