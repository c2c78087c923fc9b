package io.camsearch.recovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.MetadataFilter;
import io.camsearch.ingest.Positions;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.camsearch.support.CatalogImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service, killed with SIGKILL in the middle of ingestion, then restarted on the same
 * index: every event applied once in effect (the right final version of every item, deletes
 * honoured, no duplicates, no loss), and the index's committed offsets at the end of the topic.
 * Runs after packaging (failsafe), against a real broker and the real service process.
 */
class CrashRecoveryIT {

    private static final int ITEMS = 200;
    private static final int UPDATED = 20;
    private static final int DELETED = 10;
    private static final int MALFORMED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aServiceKilledMidIngestionResumesFromTheIndexOffsetsWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), System.getProperty("java.class.path"), 0)) {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
            Map<String, Integer> expectedPrice = publish(broker.bootstrapServers());
            Path index = dir.resolve("index");
            Map<String, String> config = Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "camsearch.index.path", index.toString(),
                    // Small batches, so that the kill lands inside one of many batches.
                    "mp.messaging.incoming.catalog-images.max.poll.records", "16",
                    "camsearch.ingest.model-batch", "8");
            Path runJar = Path.of("target/quarkus-app/quarkus-run.jar");

            int indexedAtKill;
            try (ServiceProcess first = ServiceProcess.start(runJar, freePort(), freePort(), config, dir.resolve("service-1.log"), "1g")) {
                first.awaitReady(Duration.ofMinutes(2));
                // Polled often, so that the kill lands early in ingestion rather than after it.
                indexedAtKill = await("ingestion to make 40 items visible").atMost(Duration.ofMinutes(3))
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> total(first), n -> n >= 40);
                first.kill();
            }
            assertTrue(indexedAtKill < ITEMS, "killed mid-ingestion (" + indexedAtKill + " items visible)");
            System.out.printf("SIGKILL with %d of %d items visible%n", indexedAtKill, expectedPrice.size());

            try (ServiceProcess second = ServiceProcess.start(runJar, freePort(), freePort(), config, dir.resolve("service-2.log"), "1g")) {
                second.awaitReady(Duration.ofMinutes(2));
                await("the restarted service to catch up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertEquals(expectedPrice.size(), total(second), "items visible");
                    assertEquals(0.0, metric(second, "camsearch_ingest_consumer_lag"), "consumer lag");
                });
                for (var expected : expectedPrice.entrySet()) {
                    JsonNode item = get(second, "/items/" + expected.getKey());
                    assertEquals(expected.getValue(), item.path("metadata").path("price").asInt(), expected.getKey() + " has its last version");
                }
                for (int i = 0; i < DELETED; i++) {
                    assertEquals(404, status(second, "/items/" + id(ITEMS - 1 - i)), "deleted by tombstone");
                }
            }

            // Restart after a clean stop: nothing is consumed again.
            try (ServiceProcess third = ServiceProcess.start(runJar, freePort(), freePort(), config, dir.resolve("service-3.log"), "1g")) {
                third.awaitReady(Duration.ofMinutes(2));
                // An absence is proved over a window: the count must stay 0 throughout two seconds of consuming.
                await("no event re-consumed after a clean restart").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> metric(third, "camsearch_ingest_events_total{outcome=\"upserted\"}"), upserted -> upserted == 0.0);
                assertEquals(expectedPrice.size(), total(third));
            }

            // The service stores the demo model's items as their feature maps, read through its gradient matrix.
            try (EmbeddingModel demo = Models.open(Models.DEMO);
                    CatalogIndex lucene = CatalogIndex.open(index, 1000, HnswSettings.DEFAULT, new EmbeddingCam(demo).sharedGradient().orElseThrow())) {
                assertEquals(expectedPrice.size(), lucene.size(), "one document per item: no duplicates");
                Set<String> ids = new HashSet<>();
                for (CatalogItem item : lucene.find(MetadataFilter.NONE, 10_000).items()) {
                    assertTrue(ids.add(item.id()), "duplicate " + item.id());
                }
                assertEquals(expectedPrice.keySet(), ids);
                assertEquals(endOffsets(broker), Positions.fromCommitData(lucene.committedData()), "the last commit includes every event");
            }
            assertEquals(MALFORMED, distinctDeadLetters(broker.bootstrapServers()), "every malformed event reached the DLQ");
        }
    }

    private static Map<String, Integer> publish(String bootstrap) throws Exception {
        Map<String, Integer> price = new HashMap<>();
        try (CatalogPublisher publisher = new CatalogPublisher(bootstrap)) {
            for (int i = 0; i < ITEMS; i++) {
                Map<String, Object> metadata = new HashMap<>(CatalogImages.metadata(i % 40, i / 40));
                metadata.put("price", i);
                publisher.upsert(id(i), CatalogImages.png(i % 40, i / 40), metadata);
                price.put(id(i), i);
                if (i % 40 == 20 && i / 40 < MALFORMED) {
                    publisher.send("bad-" + i, "{not json".getBytes(StandardCharsets.UTF_8));
                }
            }
            for (int i = 0; i < UPDATED; i++) {
                Map<String, Object> metadata = new HashMap<>(CatalogImages.metadata(i % 40, i / 40));
                metadata.put("price", 1000 + i);
                publisher.upsert(id(i), CatalogImages.png((i + 1) % 40, i / 40), metadata);
                price.put(id(i), 1000 + i);
            }
            for (int i = 0; i < DELETED; i++) {
                publisher.delete(id(ITEMS - 1 - i));
                price.remove(id(ITEMS - 1 - i));
            }
        }
        return price;
    }

    private static String id(int i) {
        return "crash-" + i;
    }

    private Positions endOffsets(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition("catalog-images", 0), OffsetSpec.latest(),
                    new TopicPartition("catalog-images", 1), OffsetSpec.latest());
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return Positions.of(ends);
        }
    }

    private static int distinctDeadLetters(String bootstrap) {
        Set<String> sources = new HashSet<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "crash-test-dlq", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("catalog-images-dlq"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && sources.size() < MALFORMED) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    sources.add(new String(record.headers().lastHeader("dead-letter-partition").value(), StandardCharsets.UTF_8) + "@"
                            + new String(record.headers().lastHeader("dead-letter-offset").value(), StandardCharsets.UTF_8));
                }
            }
        }
        return sources.size();
    }

    private int total(ServiceProcess service) throws Exception {
        return get(service, "/items?limit=1").path("total").asInt();
    }

    private double metric(ServiceProcess service, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ")).map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private JsonNode get(ServiceProcess service, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private int status(ServiceProcess service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() {
        return KafkaBroker.freePort();
    }
}
