package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
import io.camsearch.index.MetadataFilter;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.source.ImageFetcher;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.camsearch.support.PngFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ingestion on the real application: events published to a real broker, consumed through the
 * SmallRye channel, embedded by the real model into the real Lucene directory, rejects read back
 * from the real dead-letter topic. Item ids are unique to this run, since the index and the topic
 * are shared with the other tests of the application; the last test deletes every item this class
 * published, so that the index is left as it was found.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogIngestionTest {

    private static final String TOPIC = "catalog-images";
    private static final String DLQ = "catalog-images-dlq";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RUN = "ingest-" + Long.toString(System.currentTimeMillis(), 36);
    /** Stored embeddings against the core pipeline's on the same bytes (model batches may differ). */
    private static final float EMBEDDING_TOLERANCE = 1e-5f;

    /** Keys of every event this class published with a value, so that it can delete them at the end. */
    private static final Set<String> PUBLISHED_IDS = new LinkedHashSet<>();
    /** The index's size before this class published anything. */
    private static int sizeBefore = -1;

    private static KafkaProducer<String, byte[]> producer;
    private static Admin admin;

    @Inject
    CatalogIndex index;

    @Inject
    ImageExplainer explainer;

    @Inject
    ImageFetcher fetcher;

    @Inject
    MeterRegistry metrics;

    @Inject
    ImageDecoder decoder;

    @Inject
    CatalogImagesConsumer consumer;

    @BeforeEach
    void rememberTheSizeBeforeThisClass() throws Exception {
        if (sizeBefore < 0) {
            awaitConsumed();
            sizeBefore = index.size();
        }
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    // --- 1. inline events become searchable items ---

    @Test
    @Order(1)
    void fortyInlineEventsBecomeSearchableItemsWithTheCoreEmbeddingTheirMetadataAndAThumbnailOfTheOriginalSize() throws Exception {
        String run = RUN + "-bulk";
        int n = 40;
        List<byte[]> images = new ArrayList<>();
        List<Map<String, Object>> metadata = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Every fifth image is a 300 x 180 JPEG: larger than the thumbnail, and not square.
            byte[] image = i % 5 == 0 ? jpeg(i % 8, 40 + i, 300, 180) : CatalogImages.png(i % 8, 40 + i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", run);
            m.put("cls", "class-" + (i % 8)); // not SearchApiTest's "category": its filters count its own items
            m.put("n", i);
            m.put("weight", i + 0.25);
            images.add(image);
            metadata.add(m);
            events.add(new Event(run + "-" + i, CatalogPublisher.inlineEvent(run + "-" + i, image, m)));
        }

        long start = System.nanoTime();
        publish(events);
        await(() -> count(run) == n, () -> "all " + n + " published items searchable; " + count(run) + " are");
        long searchableMillis = (System.nanoTime() - start) / 1_000_000;

        for (int i = 0; i < n; i++) {
            String id = run + "-" + i;
            AnalyzedImage expected = explainer.analyze(images.get(i));
            CatalogItem item = index.get(id).orElseThrow(() -> new AssertionError(id + " is not in the index"));
            assertArrayEquals(expected.features().embedding(), item.embedding(), EMBEDDING_TOLERANCE, id);
            assertMetadata(metadata.get(i), item.metadata(), id);
            assertEquals(expected.features().basis().dim(), item.basis().dim(), id);
            assertEquals(expected.features().basis().height(), item.basis().height(), id);

            Thumbnail thumbnail = item.thumbnail();
            assertNotNull(thumbnail, id);
            assertEquals(i % 5 == 0 ? 300 : 128, thumbnail.originalWidth(), id);
            assertEquals(i % 5 == 0 ? 180 : 128, thumbnail.originalHeight(), id);
            BufferedImage small = thumbnail.decode();
            assertEquals(i % 5 == 0 ? 256 : 128, small.getWidth(), "scaled to fit 256, never enlarged: " + id);
            assertEquals(i % 5 == 0 ? 154 : 128, small.getHeight(), id);

            List<Hit> hits = index.search(expected.features().embedding(), 1, MetadataFilter.term("run", run));
            assertEquals(id, hits.get(0).item().id(), "an item is its own nearest neighbour");
            assertEquals(1.0, hits.get(0).cosine(), 1e-4, id);
        }
        System.out.printf("[ingestion] %d inline events searchable %d ms after publication%n", n, searchableMillis);
    }

    // --- 2. updates, deletes, replays, order ---

    @Test
    @Order(2)
    void anUpdateLeavesOneCopyWithTheNewValuesATombstoneDeletesAndAReplayChangesNothing() throws Exception {
        String run = RUN + "-update";
        String updated = run + "-updated";
        String deleted = run + "-deleted";
        byte[] before = CatalogImages.png(1, 120);
        byte[] after = CatalogImages.png(5, 121);
        List<Event> first = new ArrayList<>();
        first.add(new Event(updated, CatalogPublisher.inlineEvent(updated, before, Map.of("run", run, "version", 1, "color", "red"))));
        first.add(new Event(deleted, CatalogPublisher.inlineEvent(deleted, CatalogImages.png(2, 122), Map.of("run", run))));
        for (int i = 0; i < 5; i++) {
            first.add(new Event(run + "-kept-" + i, CatalogPublisher.inlineEvent(run + "-kept-" + i, CatalogImages.png(3, 123 + i), Map.of("run", run, "n", i))));
        }
        publish(first);
        awaitConsumed();
        assertEquals(7, count(run));
        assertEquals(1L, ((Number) index.get(updated).orElseThrow().metadata().get("version")).longValue());

        Map<String, Object> newMetadata = Map.of("run", run, "version", 2, "size", "xl");
        List<Event> second = List.of(
                new Event(updated, CatalogPublisher.inlineEvent(updated, after, newMetadata)),
                new Event(deleted, null));
        publish(second);
        awaitConsumed();

        assertEquals(6, count(run), "the update replaced its item, the tombstone removed one");
        assertEquals(1, idCount(run, updated), "one copy of the updated item");
        CatalogItem item = index.get(updated).orElseThrow();
        assertMetadata(newMetadata, item.metadata(), updated);
        assertArrayEquals(explainer.analyze(after).features().embedding(), item.embedding(), EMBEDDING_TOLERANCE);
        assertTrue(index.get(deleted).isEmpty(), "deleted by its tombstone");

        // Replay everything, in the original order, as a consumer reset would.
        int size = index.size();
        Map<String, CatalogItem> stored = new HashMap<>();
        for (CatalogItem i : index.find(MetadataFilter.term("run", run), 100).items()) {
            stored.put(i.id(), i);
        }
        List<Event> replay = new ArrayList<>(first);
        replay.addAll(second);
        publish(replay);
        awaitConsumed();

        assertEquals(size, index.size(), "a replay adds nothing to the index");
        assertEquals(6, count(run));
        assertTrue(index.get(deleted).isEmpty(), "the replayed tombstone follows the replayed upsert");
        for (CatalogItem again : index.find(MetadataFilter.term("run", run), 100).items()) {
            CatalogItem was = stored.get(again.id());
            assertNotNull(was, again.id());
            assertArrayEquals(was.embedding(), again.embedding(), EMBEDDING_TOLERANCE, again.id());
            assertEquals(was.metadata(), again.metadata(), again.id());
            assertEquals(was.thumbnail().originalWidth(), again.thumbnail().originalWidth());
        }
        assertEquals(2L, ((Number) index.get(updated).orElseThrow().metadata().get("version")).longValue());
    }

    @Test
    @Order(3)
    void recordsPublishedTogetherAreAppliedInOrder() throws Exception {
        String run = RUN + "-order";
        String upsertThenDelete = run + "-gone";
        String deleteThenUpsert = run + "-back";
        String replaced = run + "-twice";
        byte[] a = CatalogImages.png(4, 130);
        byte[] b = CatalogImages.png(6, 131);
        // deleteThenUpsert exists before: its delete is real, not a no-op.
        publish(List.of(new Event(deleteThenUpsert, CatalogPublisher.inlineEvent(deleteThenUpsert, a, Map.of("run", run, "v", 1)))));
        awaitConsumed();
        assertEquals(1, count(run));

        // One flush; one key stays on one partition, so these reach the consumer in this order (and, at
        // this size, in one poll).
        publish(List.of(
                new Event(upsertThenDelete, CatalogPublisher.inlineEvent(upsertThenDelete, a, Map.of("run", run, "v", 1))),
                new Event(deleteThenUpsert, null),
                new Event(replaced, CatalogPublisher.inlineEvent(replaced, a, Map.of("run", run, "v", 1))),
                new Event(upsertThenDelete, null),
                new Event(deleteThenUpsert, CatalogPublisher.inlineEvent(deleteThenUpsert, b, Map.of("run", run, "v", 2))),
                new Event(replaced, CatalogPublisher.inlineEvent(replaced, b, Map.of("run", run, "v", 2)))));
        awaitConsumed();

        assertTrue(index.get(upsertThenDelete).isEmpty(), "upsert then delete: absent");
        CatalogItem back = index.get(deleteThenUpsert).orElseThrow(() -> new AssertionError("delete then upsert: present"));
        assertEquals(2L, ((Number) back.metadata().get("v")).longValue());
        CatalogItem twice = index.get(replaced).orElseThrow();
        assertEquals(2L, ((Number) twice.metadata().get("v")).longValue(), "the later of two upserts wins");
        assertArrayEquals(explainer.analyze(b).features().embedding(), twice.embedding(), EMBEDDING_TOLERANCE);
        assertEquals(2, count(run));
    }

    /** The same order guarantees inside one batch for certain: the application's ingestor over a list of records, into an index of its own. */
    @Test
    @Order(4)
    void oneBatchIsAppliedInRecordOrderAndCommittedWithTheNextOffsetOfEachPartition() throws Exception {
        byte[] a = CatalogImages.png(0, 140);
        byte[] b = CatalogImages.png(7, 141);
        List<DeadLetter> letters = new ArrayList<>();
        Path dir = Files.createTempDirectory("camsearch-batch-order-");
        try (CatalogIndex own = CatalogIndex.open(dir, 50);
             CatalogIngestor ingestor = new CatalogIngestor(fetcher, decoder, new ModelEmbedder(explainer, 1), own, letters::addAll,
                     TestIngestSettings.small().modelBatch(2).build())) {
            ingestor.apply(List.of(new ConsumerRecord<>(TOPIC, 0, 0L, "y", CatalogPublisher.inlineEvent("y", a, Map.of("v", 1)))));

            BatchReport report = ingestor.apply(List.of(
                    new ConsumerRecord<>(TOPIC, 0, 1L, "x", CatalogPublisher.inlineEvent("x", a, Map.of("v", 1))),
                    new ConsumerRecord<>(TOPIC, 0, 2L, "x", null),
                    new ConsumerRecord<>(TOPIC, 0, 3L, "y", null),
                    new ConsumerRecord<>(TOPIC, 1, 10L, "z", CatalogPublisher.inlineEvent("z", a, Map.of("v", 1))),
                    new ConsumerRecord<>(TOPIC, 0, 4L, "y", CatalogPublisher.inlineEvent("y", b, Map.of("v", 2))),
                    new ConsumerRecord<>(TOPIC, 1, 11L, "bad", "{not json".getBytes(StandardCharsets.UTF_8)),
                    new ConsumerRecord<>(TOPIC, 1, 12L, "z", CatalogPublisher.inlineEvent("z", b, Map.of("v", 2)))));
            own.refresh();

            assertEquals(4, report.upserted());
            assertEquals(2, report.deleted());
            assertEquals(1, report.rejected().size());
            assertEquals(List.of("MALFORMED_JSON"), letters.stream().map(DeadLetter::reason).toList());
            assertEquals(11L, letters.get(0).sourceOffset());
            assertTrue(own.get("x").isEmpty(), "upsert then delete in one batch: absent");
            assertEquals(2L, ((Number) own.get("y").orElseThrow().metadata().get("v")).longValue(), "delete then upsert in one batch: present");
            assertEquals(2L, ((Number) own.get("z").orElseThrow().metadata().get("v")).longValue(), "two upserts in one batch: the later wins");
            float[] bEmbedding = explainer.analyze(b).features().embedding();
            assertArrayEquals(bEmbedding, own.get("y").orElseThrow().embedding(), EMBEDDING_TOLERANCE);
            assertArrayEquals(bEmbedding, own.get("z").orElseThrow().embedding(), EMBEDDING_TOLERANCE);
            assertEquals(2, own.size());
            Positions next = Positions.of(Map.of(new TopicPartition(TOPIC, 0), 5L, new TopicPartition(TOPIC, 1), 13L));
            assertEquals(next, report.offsets());
            assertEquals(next, Positions.fromCommitData(own.committedData()));
            assertEquals(next, ingestor.positions());
        }
    }

    // --- 3. rejects go to the dead-letter topic, ingestion goes on ---

    @Test
    @Order(5)
    void eachKindOfBadEventReachesTheDeadLetterTopicUnchangedWithItsReasonAndSourceWhileGoodEventsAreIndexed() throws Exception {
        String run = RUN + "-dlq";
        Path root = KafkaTestResource.fileRoot;
        byte[] fileImage = CatalogImages.png(2, 150);
        byte[] httpImage = jpeg(3, 151, 200, 160);
        byte[] inlineImage = CatalogImages.png(4, 152);
        Files.write(root.resolve(run + "-good.png"), fileImage);
        Path outside = root.getParent().resolve(run + "-outside.png");
        Files.write(outside, CatalogImages.png(5, 153));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        byte[] png = CatalogImages.png(6, 154);
        byte[] truncatedPng = Arrays.copyOf(png, png.length / 2);
        byte[] oversized = new byte[(int) KafkaTestResource.MAX_IMAGE_BYTES + 1];
        oversized[0] = (byte) 0x89;

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good.jpg", ex -> {
            ex.sendResponseHeaders(200, httpImage.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(httpImage);
            }
        });
        server.createContext("/missing.png", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        String http = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            Map<String, Object> m = Map.of("run", run);
            List<Bad> bad = List.of(
                    new Bad(run + "-malformed", utf8("{\"id\": \"" + run + "-malformed\", \"image\": "), "MALFORMED_JSON", "the value is not JSON"),
                    new Bad(run + "-array", utf8("[\"not\", \"an\", \"object\"]"), "MALFORMED_JSON", "must be a JSON object {id, image, metadata}, got array"),
                    new Bad(null, utf8("{\"image\": {\"base64\": \"" + base64(png) + "\"}}"), "MISSING_ID", "neither a record key nor an \"id\""),
                    new Bad(null, null, "MISSING_ID", "a tombstone (null value) needs the item id as its key"),
                    new Bad(run + "-key", CatalogPublisher.inlineEvent(run + "-other", png, m), "ID_MISMATCH",
                            "the record key '" + run + "-key' and the event's \"id\" '" + run + "-other' differ"),
                    new Bad(run + "-noimage", utf8("{\"id\": \"" + run + "-noimage\", \"metadata\": {\"run\": \"" + run + "\"}}"), "MISSING_IMAGE",
                            "needs \"image\""),
                    new Bad(run + "-base64", utf8("{\"id\": \"" + run + "-base64\", \"image\": {\"base64\": \"%%% not base64 %%%\"}}"), "BAD_BASE64",
                            "\"image.base64\" is not base64"),
                    new Bad(run + "-nested", CatalogPublisher.inlineEvent(run + "-nested", png, Map.of("run", run, "dims", Map.of("w", 3, "h", 4))),
                            "BAD_METADATA", "metadata 'dims' is an object"),
                    new Bad(run + "-corrupt", CatalogPublisher.inlineEvent(run + "-corrupt", truncatedPng, m), "IMAGE_CORRUPT",
                            "PNG image is corrupt or cut short"),
                    new Bad(run + "-notimage", CatalogPublisher.inlineEvent(run + "-notimage", utf8("plain text, not an image"), m),
                            "IMAGE_UNSUPPORTED_FORMAT", "not an image in a supported format"),
                    new Bad(run + "-oversized", CatalogPublisher.inlineEvent(run + "-oversized", oversized, m), "IMAGE_TOO_LARGE",
                            "the inline image has " + oversized.length + " bytes; the limit is " + KafkaTestResource.MAX_IMAGE_BYTES),
                    new Bad(run + "-unreachable", CatalogPublisher.urlEvent(run + "-unreachable", "http://127.0.0.1:" + closedPort + "/x.png", m),
                            "URL_UNREACHABLE", "image URL http://127.0.0.1:" + closedPort + "/x.png could not be fetched"),
                    // Credentials and query of a URL stay out of the dead letter (and the log).
                    new Bad(run + "-secret", CatalogPublisher.urlEvent(run + "-secret", "http://user:s3cr3t@127.0.0.1:" + closedPort + "/x.png?token=SECRET", m),
                            "URL_UNREACHABLE", "image URL http://127.0.0.1:" + closedPort + "/x.png?… could not be fetched"),
                    // Outside the root and not there read alike (the messages once told them apart, and showed the root).
                    new Bad(run + "-outside", CatalogPublisher.urlEvent(run + "-outside", outside.toUri().toString(), m), "URL_UNREACHABLE",
                            "image URL " + outside.toUri() + " could not be fetched"),
                    new Bad(run + "-escape", CatalogPublisher.urlEvent(run + "-escape", "file://" + root + "/../" + outside.getFileName(), m),
                            "URL_UNREACHABLE", "image URL file://" + root + "/../" + outside.getFileName() + " could not be fetched"),
                    new Bad(run + "-404", CatalogPublisher.urlEvent(run + "-404", http + "/missing.png", m), "URL_UNREACHABLE",
                            "image URL " + http + "/missing.png could not be fetched"),
                    new Bad(run + "-nohost", CatalogPublisher.urlEvent(run + "-nohost", "http:///x.png", m), "URL_NOT_ALLOWED", "http:///x.png"),
                    new Bad(run + "-ftp", CatalogPublisher.urlEvent(run + "-ftp", "ftp://127.0.0.1/x.png", m), "URL_NOT_ALLOWED",
                            "scheme 'ftp' is not allowed"),
                    new Bad(run + "-crc", CatalogPublisher.inlineEvent(run + "-crc", PngFiles.crcFlipped(png, "IDAT"), m), "IMAGE_CORRUPT",
                            "PNG image is corrupt: IDAT (chunk"),
                    new Bad("..", CatalogPublisher.inlineEvent("..", png, m), "BAD_ID", "the item id '..' is a relative path segment"),
                    new Bad(run + "\u0000nul", CatalogPublisher.inlineEvent(run + "\u0000nul", png, m), "BAD_ID",
                            "U+0000 at position " + run.length()),
                    new Bad(run + "\nline", null, "BAD_ID", "U+000A at position " + run.length()));
            Map<String, byte[]> good = new LinkedHashMap<>();
            good.put(run + "-file", fileImage);
            good.put(run + "-http", httpImage);
            good.put(run + "-inline", inlineImage);
            List<Event> events = new ArrayList<>();
            List<Bad> badAt = new ArrayList<>(); // the bad event published at each position, null for a good one
            for (int i = 0; i < bad.size(); i++) {
                events.add(new Event(bad.get(i).key(), bad.get(i).value()));
                badAt.add(bad.get(i));
                // Good events between the bad ones, so that they share batches.
                if (i == 3) {
                    events.add(new Event(run + "-file", CatalogPublisher.urlEvent(run + "-file", root.resolve(run + "-good.png").toUri().toString(), m)));
                    badAt.add(null);
                } else if (i == 9) {
                    events.add(new Event(run + "-http", CatalogPublisher.urlEvent(run + "-http", http + "/good.jpg", m)));
                    badAt.add(null);
                }
            }
            events.add(new Event(run + "-inline", CatalogPublisher.inlineEvent(run + "-inline", inlineImage, m)));
            badAt.add(null);

            List<RecordMetadata> published = publish(events);
            awaitConsumed();

            for (var entry : good.entrySet()) {
                CatalogItem item = index.get(entry.getKey()).orElseThrow(() -> new AssertionError(entry.getKey() + " was not indexed"));
                assertArrayEquals(explainer.analyze(entry.getValue()).features().embedding(), item.embedding(), EMBEDDING_TOLERANCE, entry.getKey());
            }
            assertEquals(good.size(), count(run), "only the good events became items");
            assertEquals(200, index.get(run + "-http").orElseThrow().thumbnail().originalWidth());

            // Each bad event, by the source offset it was published at.
            Map<String, Bad> expected = new LinkedHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                if (badAt.get(i) != null) {
                    expected.put(source(published.get(i)), badAt.get(i));
                }
            }
            assertEquals(bad.size(), expected.size());
            Map<String, List<ConsumerRecord<String, byte[]>>> letters = readDeadLetters(expected.keySet());
            for (var entry : expected.entrySet()) {
                Bad want = entry.getValue();
                List<ConsumerRecord<String, byte[]>> got = letters.get(entry.getKey());
                assertEquals(1, got.size(), () -> "one dead letter for " + want.key() + " at " + entry.getKey());
                ConsumerRecord<String, byte[]> letter = got.get(0);
                String what = want.reason() + " " + want.key();
                assertEquals(want.reason(), header(letter, DeadLetter.REASON_HEADER), what);
                assertEquals(want.key(), letter.key(), what);
                assertArrayEquals(want.value(), letter.value(), what + ": the original value, unchanged");
                assertEquals(TOPIC, header(letter, DeadLetter.TOPIC_HEADER), what);
                assertEquals(entry.getKey(), header(letter, DeadLetter.PARTITION_HEADER) + "@" + header(letter, DeadLetter.OFFSET_HEADER), what);
                String detail = header(letter, DeadLetter.DETAIL_HEADER);
                assertTrue(detail.contains(want.detail()), what + ": '" + detail + "' should contain '" + want.detail() + "'");
                assertTrue(!detail.contains("s3cr3t") && !detail.contains("SECRET"), what + ": " + detail);
            }
            // The DLQ metric's reason tag is the header's name: alerts read the same words as replays.
            Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
                for (Bad want : bad) {
                    assertNotNull(metrics.find("camsearch.ingest.dead.letters").tag("reason", want.reason()).counter(), want.reason());
                }
            });
            for (Bad want : bad) {
                if (want.key() != null) {
                    assertTrue(index.get(want.key()).isEmpty(), want.key());
                }
            }
            assertTrue(index.get(run + "-other").isEmpty(), "the id of the mismatched event was not indexed either");
            assertTrue(consumer.failure() == null, "no bad event stopped the channel");
        } finally {
            server.stop(0);
        }

        // And the channel goes on after them.
        String after = run + "-after";
        publish(List.of(new Event(after, CatalogPublisher.inlineEvent(after, CatalogImages.png(7, 155), Map.of("run", run)))));
        awaitConsumed();
        assertTrue(index.get(after).isPresent());
    }

    // --- 4. offsets, and leaving the shared index as it was ---

    @Test
    @Order(6)
    void tombstonesForEverythingThisClassPublishedRestoreTheIndexAndItsOffsetsEqualTheEndOfEveryPartition() throws Exception {
        List<Event> events = new ArrayList<>();
        for (String id : List.copyOf(PUBLISHED_IDS)) {
            events.add(new Event(id, null));
        }
        events.add(new Event(RUN + "-offsets-bad", utf8("not json")));
        List<RecordMetadata> published = publish(events);
        assertEquals(2, published.stream().map(RecordMetadata::partition).distinct().count(), "the events span both partitions");

        Positions ends = endOffsets();
        await(() -> committed().equals(ends), () -> "the index's offsets " + committed() + " reach the end offsets " + ends);
        assertEquals(ends, committed(), "exactly the end offsets: every record counted once");
        // The consumer's positions (the lag gauge's) follow once the commit has returned, which is
        // after the new commit point is readable from the directory.
        await(() -> consumer.positions().equals(ends), () -> "the consumer's positions " + consumer.positions() + " reach " + ends);
        assertEquals(2, ends.asMap().size());
        ends.asMap().values().forEach(end -> assertTrue(end > 0));

        index.refresh();
        for (String id : PUBLISHED_IDS) {
            assertTrue(index.get(id).isEmpty(), id);
        }
        assertEquals(sizeBefore, index.size(), "the other tests' items, and only them, remain");
    }

    // --- helpers ---

    private record Event(String key, byte[] value) {}

    private record Bad(String key, byte[] value, String reason, String detail) {}

    /** Sends the events in order in one flush and returns where each landed. */
    private static List<RecordMetadata> publish(List<Event> events) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                    ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                    new StringSerializer(), new ByteArraySerializer());
        }
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (Event event : events) {
            if (event.key() != null && event.value() != null) {
                PUBLISHED_IDS.add(event.key());
            }
            futures.add(producer.send(new ProducerRecord<>(TOPIC, event.key(), event.value())));
        }
        producer.flush();
        List<RecordMetadata> out = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            out.add(future.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers));
        }
        return admin;
    }

    /** The end offset of every partition of catalog-images, as positions. */
    private static Positions endOffsets() throws Exception {
        var partitions = admin().describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC).partitions();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(p -> specs.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin().listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return Positions.of(ends);
    }

    private Positions committed() {
        try {
            return Positions.fromCommitData(index.committedData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the index has committed every record published so far, then makes it all visible. */
    private void awaitConsumed() throws Exception {
        Positions ends = endOffsets();
        await(() -> {
            Positions committed = committed();
            return ends.asMap().entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.next(e.getKey()).orElse(-1) >= e.getValue());
        }, () -> "the index's offsets " + committed() + " reach the end offsets " + ends);
        index.refresh();
    }

    private void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .failFast(() -> {
                    if (consumer.failure() != null) {
                        throw new AssertionError("ingestion failed while waiting for: " + what.get(), consumer.failure());
                    }
                })
                .untilAsserted(() -> assertTrue(condition.getAsBoolean(), what));
    }

    private int count(String run) {
        try {
            return index.find(MetadataFilter.term("run", run), 1).total();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int idCount(String run, String id) throws IOException {
        return (int) index.find(MetadataFilter.term("run", run), 1000).items().stream().filter(i -> i.id().equals(id)).count();
    }

    /** The dead letters whose source is one of {@code sources} ({@code partition@offset}), read from the beginning of the DLQ. */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> readDeadLetters(java.util.Set<String> sources) {
        Map<String, List<ConsumerRecord<String, byte[]>>> found = new HashMap<>();
        sources.forEach(s -> found.put(s, new ArrayList<>()));
        try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = dlq.partitionsFor(DLQ).stream().map(p -> new TopicPartition(DLQ, p.partition())).toList();
            dlq.assign(partitions);
            dlq.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = dlq.endOffsets(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> dlq.position(p) < ends.get(p))) {
                assertTrue(System.nanoTime() < deadline, "the dead-letter topic was not read to its end within " + DEADLINE.toSeconds() + " s");
                for (ConsumerRecord<String, byte[]> record : dlq.poll(Duration.ofMillis(500))) {
                    if (TOPIC.equals(header(record, DeadLetter.TOPIC_HEADER))) {
                        String source = header(record, DeadLetter.PARTITION_HEADER) + "@" + header(record, DeadLetter.OFFSET_HEADER);
                        if (found.containsKey(source)) {
                            found.get(source).add(record);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static String source(RecordMetadata metadata) {
        return metadata.partition() + "@" + metadata.offset();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void assertMetadata(Map<String, Object> expected, Map<String, Object> actual, String id) {
        assertEquals(expected.keySet(), actual.keySet(), id);
        expected.forEach((key, value) -> {
            if (value instanceof Number number) {
                assertTrue(actual.get(key) instanceof Number, id + ": " + key + " is a number");
                assertEquals(number.doubleValue(), ((Number) actual.get(key)).doubleValue(), 0.0, id + ": " + key);
            } else {
                assertEquals(value, actual.get(key), id + ": " + key);
            }
        });
    }

    /** A synthetic catalog image scaled to {@code width} x {@code height}, as JPEG. */
    private static byte[] jpeg(int classId, int index, int width, int height) {
        try {
            BufferedImage source = ImageIO.read(new ByteArrayInputStream(CatalogImages.png(classId, index)));
            BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(scaled, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
