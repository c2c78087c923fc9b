package io.camsearch.scale;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.client.WriteToken;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.SourceVersion;
import io.camsearch.ingest.Positions;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.Models;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.scale.ScaleOutSystem.Service;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.ServiceHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The scale-out on a real system (issue 12, item 7): a 3-node KRaft cluster, two embedder
 * processes sharing the embedder group on {@code catalog-images}, two searcher processes each
 * reading every partition of the model's embeddings topic into its own index; all of them the
 * packaged service. One cluster and one set of processes serve every case, in order: each case
 * starts from the catalog the cases before it left, and a failed case skips those after it.
 *
 * <p>The searchers are compared with each other and with what was published: every event carries a
 * sequence number in its metadata, so a searcher holding an older version of an item, a deleted
 * item, or an item twice shows it; the versions the indexes store are checked against the catalog
 * topic at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final Path DIR = Path.of("target/scale-out-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int K = 10;
    /** Query images no item has (items use indexes below 100 and updates 100 and above of their class). */
    private static final List<byte[]> QUERIES = Stream.of(0, 9, 17, 26, 35).map(c -> CatalogImages.png(c, 190)).toList();
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static final String RECORDS_METRIC = "camsearch_searcher_records_total";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long started = System.nanoTime();
    private ScaleOutSystem system;
    private PublishedCatalog catalog;
    private String embeddingsTopic;
    private Service embedder1;
    private Service embedder2;
    private Service searcher1;
    private Service searcher2;
    private Path freshSearcherIndex;
    private int nextItem;
    private String failedCase;

    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failedCase = context.getDisplayName();
            if (system != null) {
                System.out.println("[scale-out] " + failedCase + " failed; the processes' logs end with:" + system.logTails());
            }
        }
    };

    @BeforeAll
    void startTheSystem() throws Exception {
        deleteRecursively(DIR);
        Files.createDirectories(DIR);
        system = ScaleOutSystem.start(DIR);
        progress("3-node KRaft cluster up at %s; %s has %d partitions", system.cluster().bootstrapServers(), ScaleOutSystem.CATALOG_TOPIC,
                ScaleOutSystem.CATALOG_PARTITIONS);
        embeddingsTopic = EmbeddingsTopic.name(new ModelIdentity(DemoNetwork.NAME, Models.weightsSha256(Models.DEMO), DemoNetwork.EMBEDDING_DIM));
        catalog = new PublishedCatalog(system.cluster().bootstrapServers());
        // All four start at once: on 2 cores each start takes a while, and they do not depend on each other.
        embedder1 = system.start("embedder-1", "embedder", system.path("embedder-1-index"), Map.of());
        embedder2 = system.start("embedder-2", "embedder", system.path("embedder-2-index"), Map.of());
        searcher1 = system.start("searcher-1", "searcher", system.path("searcher-1-index"), Map.of());
        searcher2 = system.start("searcher-2", "searcher", system.path("searcher-2-index"), Map.of());
        for (Service service : List.of(embedder1, embedder2, searcher1, searcher2)) {
            service.awaitReady();
        }
        progress("2 embedders and 2 searchers ready (embeddings topic %s)", embeddingsTopic);
    }

    @BeforeEach
    void skipAfterAFailedCase() {
        assumeTrue(failedCase == null, () -> "skipped: the case before, " + failedCase + ", failed and left the system in an unknown state");
    }

    @AfterAll
    void stopTheSystem() throws IOException {
        if (catalog != null) {
            catalog.close();
        }
        if (system != null) {
            system.close();
        }
        progress("stopped every process");
    }

    @Test
    @Order(1)
    void bothSearchersHoldEveryPublishedItemAndAnswerTheSameTopK() throws Exception {
        publishNewItems(160);
        awaitCatalog(searcher1, searcher2);
        progress("both searchers hold the %d published items", catalog.expected().size());

        TopicDescription topic = system.describe(embeddingsTopic);
        assertEquals(ScaleOutSystem.EMBEDDINGS_PARTITIONS, topic.partitions().size(), "partitions of " + embeddingsTopic);
        topic.partitions().forEach(p -> assertEquals(ScaleOutSystem.REPLICATION, p.replicas().size(), "replicas of partition " + p.partition()));
        assertEquals("2", system.topicConfig(embeddingsTopic, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
        assertEquals("compact", system.topicConfig(embeddingsTopic, TopicConfig.CLEANUP_POLICY_CONFIG));
        assertEquals(List.of(embeddingsTopic), system.topics(EmbeddingsTopic.PREFIX), "the one model's one embeddings topic");
        assertEquals("compact", system.topicConfig(ScaleOutSystem.CATALOG_TOPIC, TopicConfig.CLEANUP_POLICY_CONFIG),
                "catalog-images as the local run creates it: a reindex replays every live item");
        Map<String, List<Integer>> assignment = system.groupAssignment(ScaleOutSystem.EMBEDDER_GROUP);
        assertEquals(2, assignment.size(), "members of the embedder group: " + assignment);
        assertEquals(ScaleOutSystem.CATALOG_PARTITIONS, assignment.values().stream().mapToInt(List::size).sum(), "the group's partitions: " + assignment);
        assertSameTopK(searcher1, searcher2);
        progress("same top-%d on both searchers for %d queries; %s: %d partitions x %d replicas", K, QUERIES.size(), embeddingsTopic,
                ScaleOutSystem.EMBEDDINGS_PARTITIONS, ScaleOutSystem.REPLICATION);
    }

    @Test
    @Order(2)
    void updatesAndTombstonesReachBothSearchers() throws Exception {
        List<Integer> updated = List.of(0, 3, 7, 12, 18, 25, 33, 41, 58, 77, 90, 101, 115, 130, 142, 155);
        List<Integer> deleted = List.of(1, 5, 9, 40, 80, 120, 159);
        updated.forEach(item -> catalog.upsert(item, PublishedCatalog.updatedImage(item, 1)));
        deleted.forEach(catalog::delete);
        catalog.flush();
        awaitCatalog(searcher1, searcher2);
        for (Service searcher : List.of(searcher1, searcher2)) {
            for (int item : deleted) {
                assertEquals(404, get(searcher, "/items/" + PublishedCatalog.id(item)).statusCode(), searcher + ": deleted " + item);
            }
            // The vector moved with the metadata: the item's new image finds the item first.
            for (int item : updated.subList(0, 4)) {
                assertEquals(PublishedCatalog.id(item), topK(searcher, PublishedCatalog.updatedImage(item, 1)).getFirst().id(),
                        searcher + ": the top hit for item " + item + "'s new image");
            }
        }
        assertSameTopK(searcher1, searcher2);
        progress("%d updates and %d tombstones applied by both searchers; same top-%d", updated.size(), deleted.size(), K);
    }

    @Test
    @Order(3)
    void anEmbedderKilledMidBatchHandsItsPartitionsToTheSurvivorWithNothingLostOrAppliedTwice() throws Exception {
        int before = searcher1.http().items();
        int batch = 240;
        // 80 events a second for 3 s: the embedders have work in hand at the kill, on a fast machine as on a busy one.
        CompletableFuture<Void> stream = catalog.stream(nextItem, nextItem + batch, 8, Duration.ofMillis(100));
        nextItem += batch;
        int atKill = await("some of the stream to reach searcher-1").atMost(CONVERGE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> searcher1.http().items(), n -> n >= before + 16);
        embedder1.kill();
        progress("SIGKILL to embedder-1 with %d of %d new items on searcher-1", atKill - before, batch);
        assertTrue(atKill < before + batch, "killed mid-stream (" + (atKill - before) + " of " + batch + " new items already indexed)");
        stream.get(2, TimeUnit.MINUTES);

        awaitOn(embedder2, "the group to hand every partition to the survivor", Duration.ofMinutes(2), () -> assertEquals(
                List.of(List.of(0, 1, 2, 3)), List.copyOf(system.groupAssignment(ScaleOutSystem.EMBEDDER_GROUP).values())));
        progress("the embedder group rebalanced: embedder-2 owns all %d partitions", ScaleOutSystem.CATALOG_PARTITIONS);
        awaitCatalog(searcher1, searcher2);
        awaitOn(embedder2, "the group's offsets at the end of " + ScaleOutSystem.CATALOG_TOPIC, Duration.ofMinutes(1),
                () -> assertEquals(system.endOffsets(ScaleOutSystem.CATALOG_TOPIC), system.groupOffsets(ScaleOutSystem.EMBEDDER_GROUP)));
        assertSameTopK(searcher1, searcher2);
        progress("every item on both searchers once, each at its latest event (searcher-1 ignored %.0f replayed older or same versions); "
                + "the group's offsets at the catalog's end", searcher1.http().metric(RECORDS_METRIC + "{outcome=\"older-ignored\"}"));
    }

    @Test
    @Order(4)
    void aSearcherKilledAndRestartedOnItsIndexResumesFromItsCommitAndConverges() throws Exception {
        int before = searcher2.http().items();
        publishNewItems(40);
        int atKill = await("the new items to start reaching searcher-2").atMost(CONVERGE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(IOException.class).until(() -> searcher2.http().items(), n -> n > before);
        searcher2.kill();
        progress("SIGKILL to searcher-2 with %d of 40 new items visible", atKill - before);
        awaitCatalog(searcher1);

        long committed = committedEmbeddingsRecords(searcher2.index());
        long topicEnd = ScaleOutSystem.sum(system.endOffsets(embeddingsTopic));
        assertTrue(committed > 0, "searcher-2's index committed positions of " + embeddingsTopic);
        searcher2 = system.start("searcher-2-restarted", "searcher", searcher2.index(), Map.of());
        searcher2.awaitReady();
        // Ready means caught up: the reader has read exactly the records after its commit, not the topic from its start.
        assertEquals(topicEnd - committed, recordsRead(searcher2),
                "records searcher-2 read after its restart: its commit was at " + committed + " of " + topicEnd + searcher2.logTail());
        assertEquals(0.0, rebuilds(searcher2), "searcher-2 rebuilt its index" + searcher2.logTail());
        assertFalse(searcher2.logText().contains("rebuilding the index"), "searcher-2 rebuilt its index" + searcher2.logTail());
        awaitCatalog(searcher2);
        assertSameTopK(searcher1, searcher2);
        progress("searcher-2 resumed from its commit (which covered %d of %d records: it read the other %d) and converged", committed, topicEnd,
                topicEnd - committed);
    }

    @Test
    @Order(5)
    void aFreshSearcherRebuildsTheSameIndexFromTheTopic() throws Exception {
        freshSearcherIndex = system.path("searcher-3-index");
        Service fresh = system.start("searcher-3", "searcher", freshSearcherIndex, Map.of());
        try {
            fresh.awaitReady();
            long topicEnd = ScaleOutSystem.sum(system.endOffsets(embeddingsTopic));
            assertEquals(topicEnd, recordsRead(fresh), "a fresh searcher reads the whole topic before it is ready" + fresh.logTail());
            awaitCatalog(fresh);
            assertSameTopK(searcher1, fresh);
            progress("a fresh searcher read all %d records of %s and holds the same %d items and top-%d", topicEnd, embeddingsTopic,
                    catalog.expected().size(), K);
        } finally {
            fresh.stop();
        }
    }

    @Test
    @Order(6)
    void withOneBrokerDownIngestionAndSearchGoOn() throws Exception {
        int victim = system.describe(embeddingsTopic).partitions().getFirst().leader().id() - 1;
        system.cluster().kill(victim);
        progress("SIGKILL to Kafka node %d (the leader of %s-0)", victim + 1, embeddingsTopic);
        publishNewItems(30);
        catalog.upsert(0, PublishedCatalog.updatedImage(0, 2));
        catalog.delete(2);
        catalog.flush();
        awaitCatalog(searcher1, searcher2);
        assertSameTopK(searcher1, searcher2);
        progress("with node %d down: 32 new events on both searchers, same top-%d", victim + 1, K);

        system.cluster().restart(victim);
        await("node " + (victim + 1) + " back in every partition's in-sync replicas").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> inSync(embeddingsTopic, ScaleOutSystem.REPLICATION) && inSync(ScaleOutSystem.CATALOG_TOPIC, ScaleOutSystem.REPLICATION));
        progress("node %d restarted and in sync", victim + 1);
    }

    @Test
    @Order(7)
    void aSearchCarryingTheWriteTokensOfFreshEventsShowsThemOnEverySearcherAndTimesOutOnAnUnwrittenOne() throws Exception {
        int first = nextItem;
        List<WriteToken> added = publishNewItems(3);
        // At once, no waiting for the system beforehand: the tokens make each searcher wait until it shows the writes.
        for (Service searcher : List.of(searcher1, searcher2)) {
            for (int item = first; item < first + 3; item++) {
                assertEquals(PublishedCatalog.id(item), readingWrites(searcher, PublishedCatalog.image(item), added).getFirst().id(),
                        searcher + ": the top hit for new item " + item + "'s image, searched with the tokens of its write");
            }
        }
        catalog.delete(first);
        List<WriteToken> deleted = catalog.flush();
        for (Service searcher : List.of(searcher1, searcher2)) {
            List<Ranked> hits = readingWrites(searcher, PublishedCatalog.image(first), deleted);
            assertFalse(hits.stream().anyMatch(hit -> hit.id().equals(PublishedCatalog.id(first))), searcher + ": deleted item " + first + " in " + hits);
        }

        WriteToken written = added.get(1);
        WriteToken unwritten = WriteToken.upsert(written.id(), written.partition(), written.offset() + 1_000_000);
        Duration wait = Duration.ofSeconds(1);
        for (Service searcher : List.of(searcher1, searcher2)) {
            long asked = System.nanoTime();
            ServiceHttp.Answer answer = searcher.http().search(PublishedCatalog.image(first + 1), K, List.of(unwritten), wait);
            Duration answered = Duration.ofNanos(System.nanoTime() - asked);
            assertEquals(503, answer.status(), searcher + ": a write never made: " + answer.body());
            assertEquals("CONSISTENCY_TIMEOUT", answer.body().path("error").asText(), searcher + ": " + answer.body());
            // It waited its bound, and not much past it (a wide margin for a busy machine).
            assertTrue(answered.compareTo(wait) >= 0 && answered.compareTo(wait.plusSeconds(10)) < 0, searcher + " answered after " + answered.toMillis() + " ms");
        }
        progress("with the write tokens of 3 new items and a tombstone, both searchers showed them in their first answer; "
                + "an unwritten offset: 503 CONSISTENCY_TIMEOUT after the %d ms wait", wait.toMillis());
    }

    @Test
    @Order(8)
    void aSearcherOfAnotherModelNeverMixesItsVectorsWithTheDemoModels() throws Exception {
        Path bundle = Path.of("src/test/resources/bundles/tiny-linear").toAbsolutePath();
        String otherName = JSON.readTree(bundle.resolve("model.json").toFile()).path("name").asText();
        String otherTopic = EmbeddingsTopic.PREFIX + otherName + "." + Models.weightsSha256(bundle.toString()).substring(0, 12);
        Map<String, String> otherModel = Map.of("camsearch.model", bundle.toString());
        Service onDemoIndex = system.start("other-model-on-demo-index", "searcher", freshSearcherIndex, otherModel);
        Service onEmptyIndex = system.start("other-model-on-empty-index", "searcher", system.path("other-model-index"), otherModel);
        try {
            // On an index of the demo model: refused, naming both models.
            awaitLog(onDemoIndex, "holds vectors of model '" + DemoNetwork.NAME + "'", Duration.ofMinutes(3));
            assertTrue(onDemoIndex.logText().contains("this searcher runs model '" + otherName + "'"), "the refusal names the searcher's model"
                    + onDemoIndex.logTail());
            // The refusal fails the start: the process exits rather than serve an index it cannot search.
            int exit = await(onDemoIndex + " to exit").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .until(() -> onDemoIndex.isAlive() ? null : onDemoIndex.process().process().exitValue(), code -> code != null);
            assertTrue(exit != 0, "exit status " + exit + " after a refused start");
            progress("a searcher of model %s on the demo model's index refused it and exited with %d", otherName, exit);

            // On an empty index: it reads its own model's topic (none exists), never the demo model's.
            awaitLog(onEmptyIndex, otherTopic, Duration.ofMinutes(3));
            // The topic's name is logged as the process starts, before its management interface listens: ask until it answers.
            int ready = await(onEmptyIndex + ": its readiness probe to answer").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> readiness(onEmptyIndex), status -> true);
            assertEquals(503, ready, "not ready while its model's topic does not exist" + onEmptyIndex.logTail());
            assertFalse(onEmptyIndex.logText().contains(embeddingsTopic), "it reads the demo model's topic" + onEmptyIndex.logTail());
            progress("a searcher of model %s on an empty index waits for %s, not ready", otherName, otherTopic);
        } finally {
            onDemoIndex.stop();
            onEmptyIndex.stop();
        }
        try (CatalogIndex index = CatalogIndex.open(freshSearcherIndex, 1000)) {
            assertEquals(Optional.of(DemoNetwork.NAME), ModelIdentity.fromProperties(index.committedData(), "the index").map(ModelIdentity::name),
                    "the demo model's index still names its model");
        }
    }

    @Test
    @Order(9)
    void everySearcherIndexStoresEachItemOnceAtItsLatestCatalogEvent() throws Exception {
        searcher1.stop();
        searcher2.stop();
        Map<String, SourceVersion> latest = system.latestCatalogEvents();
        assertEquals(catalog.expected().keySet(), latest.keySet(), "the live items of " + ScaleOutSystem.CATALOG_TOPIC);
        List<String> ids = List.copyOf(latest.keySet());
        for (Service searcher : List.of(searcher1, searcher2)) {
            try (CatalogIndex index = CatalogIndex.open(searcher.index(), 1000)) {
                assertEquals(ids.size(), index.size(), searcher + ": one document per live item");
                List<Optional<SourceVersion>> stored = index.sources(ids);
                for (int i = 0; i < ids.size(); i++) {
                    assertEquals(Optional.of(latest.get(ids.get(i))), stored.get(i), searcher + ": the version of " + ids.get(i));
                }
            }
        }
        progress("both searchers' indexes store each of the %d items once, at its latest catalog event", ids.size());
    }

    /** Publishes {@code count} new items, acknowledged; their write tokens. */
    private List<WriteToken> publishNewItems(int count) throws IOException {
        List<WriteToken> written = catalog.addItems(nextItem, nextItem + count);
        nextItem += count;
        return written;
    }

    /** Waits until each searcher holds exactly the published catalog: every live item, at its latest event, and nothing else. */
    private void awaitCatalog(Service... searchers) {
        for (Service searcher : searchers) {
            awaitOn(searcher, "the published catalog", CONVERGE, () -> {
                SortedMap<String, Integer> expected = catalog.expected();
                SortedMap<String, Integer> held = heldCatalog(searcher);
                assertTrue(expected.equals(held), () -> searcher + " holds another catalog: " + difference(expected, held));
            });
        }
    }

    /** Every item a searcher serves, with the sequence number of the event it was made from. */
    private SortedMap<String, Integer> heldCatalog(Service searcher) throws IOException, InterruptedException {
        SortedMap<String, Integer> held = new TreeMap<>();
        String cursor = null;
        do {
            HttpResponse<String> response = get(searcher, "/items?limit=500" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertEquals(200, response.statusCode(), searcher + " /items: " + response.body());
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode item : page.path("items")) {
                assertTrue(held.put(item.path("id").asText(), item.path("metadata").path("seq").asInt()) == null, "item listed twice: " + item);
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return held;
    }

    private static String difference(SortedMap<String, Integer> expected, SortedMap<String, Integer> held) {
        List<String> missing = expected.keySet().stream().filter(id -> !held.containsKey(id)).toList();
        List<String> extra = held.keySet().stream().filter(id -> !expected.containsKey(id)).toList();
        List<String> stale = expected.keySet().stream().filter(held::containsKey).filter(id -> !expected.get(id).equals(held.get(id)))
                .map(id -> id + " at event " + held.get(id) + " instead of " + expected.get(id)).toList();
        return missing.size() + " missing " + first(missing) + ", " + extra.size() + " not published or deleted " + first(extra) + ", "
                + stale.size() + " stale " + first(stale);
    }

    private static List<String> first(List<String> list) {
        return list.subList(0, Math.min(5, list.size()));
    }

    /** A search hit: item id and score. */
    private record Ranked(String id, double score) {}

    private List<Ranked> topK(Service searcher, byte[] query) throws IOException, InterruptedException {
        return hits(searcher, searcher.http().search(query, K));
    }

    /** The top-K of a search that first waits (at most the searchers' 30 s bound) until {@code searcher} shows {@code writes}. */
    private List<Ranked> readingWrites(Service searcher, byte[] query, List<WriteToken> writes) throws IOException, InterruptedException {
        return hits(searcher, searcher.http().search(query, K, writes, Duration.ofSeconds(30)));
    }

    private static List<Ranked> hits(Service searcher, ServiceHttp.Answer answer) {
        assertEquals(200, answer.status(), searcher + ": search answered " + answer.body());
        List<Ranked> hits = new ArrayList<>();
        answer.body().path("hits").forEach(hit -> hits.add(new Ranked(hit.path("id").asText(), hit.path("score").asDouble())));
        assertEquals(K, hits.size(), searcher + ": hits of a top-" + K + " search");
        return hits;
    }

    /** Both searchers answer every query with the same items in the same order, with the same scores. */
    private void assertSameTopK(Service a, Service b) throws IOException, InterruptedException {
        for (int q = 0; q < QUERIES.size(); q++) {
            List<Ranked> first = topK(a, QUERIES.get(q));
            List<Ranked> second = topK(b, QUERIES.get(q));
            assertEquals(first.stream().map(Ranked::id).toList(), second.stream().map(Ranked::id).toList(), "query " + q + ": ids on " + a + " and " + b);
            for (int rank = 0; rank < K; rank++) {
                // The same vectors and the same query embedding; a tolerance only for the float sums' order.
                assertEquals(first.get(rank).score(), second.get(rank).score(), 1e-5, "query " + q + ", rank " + rank + ": scores on " + a + " and " + b);
            }
        }
    }

    /**
     * Records of the embeddings topic the searcher's reader has read since it started: the sum of
     * its records metric over the outcomes (upserted, deleted, older-ignored, malformed-skipped),
     * one of which every record has.
     */
    private static long recordsRead(Service searcher) throws IOException, InterruptedException {
        List<String> samples = searcher.http().samples(RECORDS_METRIC);
        assertEquals(4, samples.size(), searcher + ": the outcomes of " + RECORDS_METRIC + ": " + samples);
        return samples.stream().mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static double rebuilds(Service searcher) throws IOException, InterruptedException {
        return searcher.http().metric("camsearch_searcher_rebuilds_total");
    }

    /** Records of the embeddings topic that a (stopped) searcher's index commit covers. */
    private long committedEmbeddingsRecords(Path index) throws IOException {
        try (CatalogIndex lucene = CatalogIndex.open(index, 1000)) {
            return Positions.fromCommitData(lucene.committedData()).asMap().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(embeddingsTopic)).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private boolean inSync(String topic, int replicas) throws Exception {
        return system.describe(topic).partitions().stream().allMatch(p -> p.isr().size() == replicas);
    }

    private int readiness(Service service) throws IOException, InterruptedException {
        return service.http().health("ready").status();
    }

    private HttpResponse<String> get(Service service, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.process().baseUrl() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits for {@code assertion} about {@code service}: an unanswered request is tried again, an
     * exited process ends the wait at once; a failure quotes the end of the process's log.
     */
    private static void awaitOn(Service service, String what, Duration atMost, ThrowingRunnable assertion) {
        try {
            await(service + ": " + what).atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class)
                    .untilAsserted(() -> {
                        if (!service.isAlive()) {
                            throw new IllegalStateException(service + " exited with " + service.process().process().exitValue());
                        }
                        assertion.run();
                    });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            throw new AssertionError(e.getMessage() + service.logTail(), e);
        }
    }

    /** Waits until {@code service}'s log holds {@code text}, whether the process goes on or exits after writing it. */
    private static void awaitLog(Service service, String text, Duration atMost) {
        try {
            await(service + ": '" + text + "' in its log").atMost(atMost).pollInterval(Duration.ofMillis(250))
                    .until(() -> service.logText().contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + service.logTail(), e);
        }
    }

    private void progress(String format, Object... args) {
        System.out.printf("[scale-out %6.1f s] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
