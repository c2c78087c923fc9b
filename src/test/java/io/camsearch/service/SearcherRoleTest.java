package io.camsearch.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code camsearch.roles=searcher}: the real service reads the model's embeddings topic (envelopes
 * made with {@link EnvelopeCodec}, published straight to it) into its own index: not ready while
 * the topic it waits for does not exist, ready once it has caught up, then items published before
 * and after are searchable by item, and a tombstone removes one.
 */
@QuarkusTest
@TestProfile(SearcherRoleTest.SearcherOnly.class)
@QuarkusTestResource(KafkaTestResource.class)
class SearcherRoleTest extends RoleTestSupport {

    public static final class SearcherOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camsearch.roles", "searcher");
        }
    }

    @Test
    void notReadyUntilCaughtUpThenEnvelopesAreSearchableAndATombstoneRemovesOne() throws Exception {
        String topic = EmbeddingsTopic.name(model);
        // The topic does not exist yet: the reader waits for it, and the searcher is not ready.
        managementRequest().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'camsearch' }.data.roles", equalTo("searcher"))
                .body("checks.find { it.name == 'camsearch' }.data.searcher", containsString("catching up with " + topic));

        try (Admin admin = admin(); KafkaProducer<String, byte[]> producer = producer()) {
            new EmbeddingsTopicSetup(2, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES).createIfMissing(admin, topic);
            for (int i = 0; i < 4; i++) {
                producer.send(envelope(topic, "srch-" + i, i, i)).get();
            }
            await().atMost(DEADLINE).until(() -> managementRequest().when().get("/q/health/ready").statusCode() == 200);
            JsonPath ready = managementRequest().when().get("/q/health/ready").jsonPath();
            assertEquals("caught up, reading " + topic, ready.getString("checks.find { it.name == 'camsearch' }.data.searcher"));
            assertEquals("0", ready.getString("checks.find { it.name == 'camsearch' }.data.rebuilds"));

            // Published after the catch-up: applied as they come.
            producer.send(envelope(topic, "srch-4", 4, 4)).get();
            await().atMost(DEADLINE).untilAsserted(() -> given().when().get("/items/srch-4").then().statusCode(200));
            for (int i = 0; i < 4; i++) {
                given().when().get("/items/srch-" + i).then().statusCode(200).body("metadata.category", equalTo("class-" + i));
            }
            JsonPath similar = given().queryParam("k", 4).when().get("/items/srch-1/similar").then().statusCode(200).extract().jsonPath();
            assertEquals(4, similar.getList("hits").size(), "the four other items are found");
            assertTrue(!similar.getList("hits.id").contains("srch-1"), "a search by item excludes the item itself");

            producer.send(new ProducerRecord<>(topic, "srch-2", null)).get();
            await().atMost(DEADLINE).untilAsserted(() -> given().when().get("/items/srch-2").then().statusCode(404));
        }
        String metrics = metrics();
        assertTrue(metrics.contains("camsearch_searcher_records_total{outcome=\"upserted\"} 5.0"), metrics);
        assertTrue(metrics.contains("camsearch_searcher_records_total{outcome=\"deleted\"} 1.0"), metrics);
        assertTrue(metrics.contains("camsearch_searcher_caught_up 1.0"), metrics);
        assertTrue(metrics.contains("camsearch_searcher_partition_lag{partition=\"0\",topic=\"" + topic + "\"}"), metrics);
        managementRequest().when().get("/q/health/live").then().statusCode(200);
    }

    /** An item of a real catalog image, as an embedder would publish it from catalog-images partition 0 at {@code offset}. */
    private ProducerRecord<String, byte[]> envelope(String topic, String id, int classId, long offset) throws Exception {
        AnalyzedImage analyzed = explainer.analyze(CatalogImages.png(classId, 3));
        CatalogItem item = new CatalogItem(id, analyzed.features().embedding(), analyzed.features().basis(), CatalogImages.metadata(classId, 3));
        return new ProducerRecord<>(topic, id, EnvelopeCodec.encode(
                EmbeddingEnvelope.of(model, new SourceVersion(0, offset), item, explainer.cam().sharedGradient().orElse(null))));
    }
}
