package io.camsearch.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.ingest.DeadLetter;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.camsearch.support.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code camsearch.roles=embedder}: the real service with a real broker consumes catalog-images
 * in its embedder group and publishes to the model's embeddings topic: one envelope per good
 * event (its source partition and offset as version), a tombstone for a catalog tombstone, the
 * bad event on the dead-letter topic; the SmallRye channel does not consume, no index is opened,
 * and the REST API answers ROLE_NOT_SERVED.
 */
@QuarkusTest
@TestProfile(EmbedderRoleTest.EmbedderOnly.class)
@QuarkusTestResource(KafkaTestResource.class)
class EmbedderRoleTest extends RoleTestSupport {

    public static final class EmbedderOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camsearch.roles", "embedder", "camsearch.embeddings.partitions", "3", "camsearch.instance-id", INSTANCE);
        }
    }

    private static final String INSTANCE = "embedder-under-test";

    @Test
    void catalogEventsBecomeEnvelopesTombstonesAndDeadLettersWithNoIndexAndNoChannelConsumer() throws Exception {
        String topic = EmbeddingsTopic.name(model);
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            images.put("emb-" + i, CatalogImages.png(i, 7));
        }
        Map<String, RecordMetadata> sources = new LinkedHashMap<>();
        RecordMetadata bad;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (var image : images.entrySet()) {
                sources.put(image.getKey(), producer.send(new ProducerRecord<>("catalog-images", image.getKey(),
                        CatalogPublisher.inlineEvent(image.getKey(), image.getValue(), CatalogImages.metadata(1, 7)))).get());
            }
            bad = producer.send(new ProducerRecord<>("catalog-images", "emb-bad", "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>("catalog-images", "emb-0", null)).get();
        }

        List<ConsumerRecord<String, byte[]>> published = TopicRecords.readUntil(KafkaTestResource.bootstrapServers, topic,
                read -> read.stream().anyMatch(r -> r.key().equals("emb-0") && r.value() == null)
                        && images.keySet().stream().allMatch(id -> read.stream().anyMatch(r -> r.key().equals(id) && r.value() != null)),
                DEADLINE);
        for (var image : images.entrySet()) {
            String id = image.getKey();
            List<ConsumerRecord<String, byte[]>> ofItem = published.stream().filter(r -> r.key().equals(id)).toList();
            EmbeddingEnvelope envelope = EnvelopeCodec.decode(id, ofItem.get(0).value());
            assertEquals(model, envelope.model(), id);
            assertEquals(sources.get(id).partition(), envelope.version().partition(), id);
            assertEquals(sources.get(id).offset(), envelope.version().offset(), id);
            assertArrayEquals(explainer.analyze(image.getValue()).features().embedding(), envelope.item().embedding(), 1e-5f, id);
            assertEquals("class-1", envelope.item().metadata().get("category"), id);
        }
        List<ConsumerRecord<String, byte[]>> first = published.stream().filter(r -> r.key().equals("emb-0")).toList();
        assertNull(first.get(first.size() - 1).value(), "the catalog tombstone of emb-0 is the last record of its key");
        assertFalse(published.stream().anyMatch(r -> r.key().equals("emb-bad")), "a bad event publishes nothing");

        List<ConsumerRecord<String, byte[]>> dead = TopicRecords.readUntil(KafkaTestResource.bootstrapServers, "catalog-images-dlq",
                read -> read.stream().anyMatch(r -> "emb-bad".equals(r.key())), DEADLINE);
        ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> "emb-bad".equals(r.key())).findFirst().orElseThrow();
        assertEquals("{not json", new String(letter.value(), StandardCharsets.UTF_8));
        assertEquals(Long.toString(bad.offset()), new String(letter.headers().lastHeader(DeadLetter.OFFSET_HEADER).value(), StandardCharsets.UTF_8));

        try (Admin admin = admin()) {
            // The group commits only what the broker acknowledged: once all is published, up to the end of catalog-images.
            await().atMost(DEADLINE).untilAsserted(() -> assertEquals(endOffsets(admin), committed(admin, "camsearch-embedder")));
            var groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream().map(g -> g.groupId()).toList();
            assertEquals(List.of("camsearch-embedder"), groups, "the one-process channel's group (camsearch) never formed: the channel is off");
            var members = admin.describeConsumerGroups(List.of("camsearch-embedder")).all().get(30, TimeUnit.SECONDS).get("camsearch-embedder").members();
            assertEquals(List.of(Optional.of(INSTANCE)), members.stream().map(m -> m.groupInstanceId()).toList(),
                    "the embedder is a static member of its group under camsearch.instance-id (a restart takes its partitions back at once)");
        }
        assertFalse(Files.exists(KafkaTestResource.indexDir), "an embedder opens no index");

        String metrics = metrics();
        assertTrue(metrics.contains("camsearch_embedder_published_total{kind=\"envelope\"} 4.0"), metrics);
        assertTrue(metrics.contains("camsearch_embedder_published_total{kind=\"tombstone\"} 1.0"), metrics);
        assertTrue(metrics.contains("camsearch_embedder_rejected_total{reason=\"MALFORMED_JSON\"} 1.0"), metrics);
        assertFalse(metrics.contains("camsearch_index_items"), "no index gauge on an embedder");
    }

    @Test
    void theRestApiAnswersRoleNotServedAndTheProbesDescribeTheEmbedder() {
        given().when().get("/items").then().statusCode(409).body("error", equalTo("ROLE_NOT_SERVED"))
                .body("message", containsString("'embedder'"));
        given().contentType("application/json").body("{\"image\": {\"base64\": \"AAAA\"}}").when().post("/search").then().statusCode(409)
                .body("error", equalTo("ROLE_NOT_SERVED"));
        given().when().get("/items/emb-1/similar").then().statusCode(409).body("error", equalTo("ROLE_NOT_SERVED"));

        managementRequest().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'camsearch' }.data.roles", equalTo("embedder"))
                .body("checks.find { it.name == 'camsearch' }.data.embedder", containsString("as group camsearch-embedder into catalog-embeddings."));
        managementRequest().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'ingestion-pipeline' }.status", equalTo("UP"));
        managementRequest().when().get("/q/health/group/ingestion").then().statusCode(200)
                .body("checks[0].name", equalTo("embedder"));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var partitions = List.of(new TopicPartition("catalog-images", 0), new TopicPartition("catalog-images", 1));
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, info) -> {
            if (info.offset() > 0) {
                ends.put(p, info.offset());
            }
        });
        return ends;
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        committed.forEach((p, o) -> {
            if (o != null) {
                offsets.put(p, o.offset());
            }
        });
        return offsets;
    }
}
