package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.CatalogIndex;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.camsearch.support.TestCollection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch and recommendation endpoints on the real application: items published through the real
 * broker, indexed by the real model, each batch compared with the single calls it stands for.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BatchApiTest {

    /** Classes no other test uses, and a metadata key of their own: the app and its index are shared with other test classes. */
    private static final int[] CLASSES = {7, 8, 9};
    private static final int PER_CLASS = 5;
    private static final TestCollection COLLECTION = new TestCollection("batch", CLASSES, PER_CLASS);
    private static final String MINE = COLLECTION.filter();

    @Inject
    CatalogIndex index;

    @BeforeEach
    void publishCatalogOnce() throws Exception {
        COLLECTION.publishOnce(KafkaTestResource.bootstrapServers, index);
    }

    private static String id(int c, int i) {
        return COLLECTION.id(c, i);
    }

    @Test
    void similarItemsForSeveralIdsEqualOneCallPerIdInOrderWithAnErrorEntryPerBadId() {
        List<String> ids = List.of(id(7, 0), "no-such-item", "", id(9, 3));
        JsonPath batch = given().contentType(ContentType.JSON).body(Map.of("ids", ids, "k", 4, "explain", "both", "filter", MINE + ";price=10..13"))
                .when().post("/items/similar").then().statusCode(200).extract().jsonPath();
        assertEquals(ids, batch.getList("results.id"), "one entry per id, in the order asked");
        for (int i : List.of(0, 3)) {
            JsonPath single = given().queryParam("k", 4).queryParam("explain", "both").queryParam("filter", MINE + ";price=10..13")
                    .get("/items/" + ids.get(i) + "/similar").then().statusCode(200).extract().jsonPath();
            String entry = "results[" + i + "]";
            assertNull(batch.get(entry + ".error"));
            assertEquals(single.getList("hits.id"), batch.getList(entry + ".result.hits.id"), ids.get(i));
            assertScores(single.getList("hits.score", Float.class), batch.getList(entry + ".result.hits.score", Float.class), 1e-3);
            assertEquals(single.getList("hits.onHit.grid.values"), batch.getList(entry + ".result.hits.onHit.grid.values"), ids.get(i));
            assertEquals(single.getList("hits.onQuery.heatmapUrl"), batch.getList(entry + ".result.hits.onQuery.heatmapUrl"), ids.get(i));
            assertEquals(ids.get(i), batch.getString(entry + ".result.query.itemId"));
            assertNotNull(batch.get(entry + ".result.timings.explain"));
        }
        assertEquals("NO_SUCH_ITEM", batch.getString("results[1].error.code"));
        assertEquals(404, batch.getInt("results[1].error.status"));
        assertTrue(batch.getString("results[1].error.message").contains("no-such-item"), batch.getString("results[1].error.message"));
        assertNull(batch.get("results[1].result"));
        assertEquals("BAD_ID", batch.getString("results[2].error.code"));
        assertTrue(batch.getString("results[2].error.message").startsWith("ids[2]: "), batch.getString("results[2].error.message"));
        assertNotNull(batch.get("timings.search"), "the whole batch's timings");
    }

    @Test
    void batchLimitsAndRequestWideParametersAreClear400s() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(id(7, i % PER_CLASS));
        }
        JsonPath over = given().contentType(ContentType.JSON).body(Map.of("ids", tooMany)).post("/items/similar").then().statusCode(400)
                .extract().jsonPath();
        assertEquals("BATCH_TOO_LARGE", over.getString("error"));
        assertTrue(over.getString("message").contains("at most 50") && over.getString("message").contains("got 51"), over.getString("message"));
        assertEquals("EMPTY_BATCH", given().contentType(ContentType.JSON).body(Map.of("ids", List.of())).post("/items/similar")
                .then().statusCode(400).extract().jsonPath().getString("error"));
        assertEquals("EMPTY_BATCH", given().contentType(ContentType.JSON).body(Map.of("k", 3)).post("/search/batch")
                .then().statusCode(400).extract().jsonPath().getString("error"), "no images at all");
        assertTrue(given().contentType(ContentType.JSON).body(Map.of("ids", List.of(id(7, 0)), "k", 0)).post("/items/similar")
                .then().statusCode(400).extract().jsonPath().getString("message").contains("k must be between 1 and"));
        RequestSpecification parts = given().queryParam("k", 2);
        for (int i = 0; i < 51; i++) {
            parts = parts.multiPart("image", "q" + i + ".png", new byte[] {1, 2, 3}, "image/png");
        }
        assertEquals("BATCH_TOO_LARGE", parts.post("/search/batch").then().statusCode(400).extract().jsonPath().getString("error"));
    }

    @Test
    void uploadedImagesAreSearchedAsOneCallEachWouldWithAnErrorEntryForTheOneThatIsNoImage() {
        byte[] first = CatalogImages.png(8, 120);
        byte[] third = CatalogImages.png(9, 121);
        JsonPath batch = given().queryParam("k", 3).queryParam("explain", "both").queryParam("filter", MINE)
                .multiPart("image", "a.png", first, "image/png")
                .multiPart("image", "b.png", "not an image".getBytes(StandardCharsets.US_ASCII), "image/png")
                .multiPart("image", "c.png", third, "image/png")
                .when().post("/search/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(0, 1, 2), batch.getList("results.index"));
        assertEquals(415, batch.getInt("results[1].error.status"));
        assertEquals("IMAGE_UNSUPPORTED_FORMAT", batch.getString("results[1].error.code"));
        for (var entry : List.of(Map.entry(0, first), Map.entry(2, third))) {
            JsonPath single = given().queryParam("k", 3).queryParam("explain", "both").queryParam("filter", MINE).multiPart("image", "q.png", entry.getValue(), "image/png")
                    .when().post("/search").then().statusCode(200).extract().jsonPath();
            String result = "results[" + entry.getKey() + "].result";
            assertEquals(single.getList("hits.id"), batch.getList(result + ".hits.id"));
            // The batch embeds all images in one forward pass, which may round differently in the last bits.
            assertScores(single.getList("hits.score", Float.class), batch.getList(result + ".hits.score", Float.class), 1e-3);
            assertEquals(single.getInt("query.width"), batch.getInt(result + ".query.width"));
        }
        assertEquals("class-8", batch.getString("results[0].result.hits[0].metadata.category"));
        assertEquals("class-9", batch.getString("results[2].result.hits[0].metadata.category"));
    }

    @Test
    void jsonImagesAreSearchedInOrderAndAnUnreachableUrlFailsOnlyItsEntry() {
        String base64 = Base64.getEncoder().encodeToString(CatalogImages.png(7, 130));
        JsonPath batch = given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "http://127.0.0.1:9/x.png"), Map.of("base64", base64), Map.of()), "k", 2,
                        "explain", "none", "filter", MINE))
                .when().post("/search/batch").then().statusCode(200).extract().jsonPath();
        assertEquals("URL_UNREACHABLE", batch.getString("results[0].error.code"), "nothing listens on port 9 (the tests allow loopback URLs)");
        assertEquals("MISSING_IMAGE", batch.getString("results[2].error.code"));
        assertEquals("class-7", batch.getString("results[1].result.hits[0].metadata.category"));
        assertEquals("none", batch.getString("results[1].result.explain"));
    }

    @Test
    void recommendationsLeaveTheExamplesOutAndExplainEachHitWithWhatTheCustomerLiked() {
        List<String> positive = List.of(id(8, 0), id(8, 1));
        List<String> negative = List.of(id(7, 0));
        JsonPath json = given().contentType(ContentType.JSON).body(Map.of("positive", positive, "negative", negative, "k", 20, "filter", MINE))
                .when().post("/recommend").then().statusCode(200).extract().jsonPath();
        List<String> hits = json.getList("hits.id");
        for (String example : List.of(id(8, 0), id(8, 1), id(7, 0))) {
            assertFalse(hits.contains(example), example + " is an example: " + hits);
        }
        assertEquals("class-8", json.getString("hits[0].metadata.category"));
        assertEquals(2, json.getInt("positives"));
        assertEquals(1, json.getInt("negatives"));
        assertEquals("hit", json.getString("explain"));
        assertTrue(json.getString("hits[0].onHit.heatmapUrl").startsWith("/heatmaps/"));
        assertNull(json.get("hits[0].onQuery"), "no query image to draw on");
        assertNotNull(json.get("timings.search"));
    }

    @Test
    void recommendationsWithoutPositivesWithAnUnknownExampleOrAnotherExplainAreRefused() {
        assertEquals("NO_POSITIVES", given().contentType(ContentType.JSON).body(Map.of("negative", List.of(id(7, 0))))
                .post("/recommend").then().statusCode(400).extract().jsonPath().getString("error"));
        JsonPath unknown = given().contentType(ContentType.JSON).body(Map.of("positive", List.of(id(7, 0), "gone")))
                .post("/recommend").then().statusCode(404).extract().jsonPath();
        assertEquals("NO_SUCH_ITEM", unknown.getString("error"));
        assertTrue(unknown.getString("message").contains("'gone'"), unknown.getString("message"));
        assertTrue(given().contentType(ContentType.JSON).body(Map.of("positive", List.of(id(7, 0)), "explain", "query"))
                .post("/recommend").then().statusCode(400).extract().jsonPath().getString("message").contains("none or hit"));
        assertEquals("BAD_ID", given().contentType(ContentType.JSON).body(Map.of("positive", List.of("a/b")))
                .post("/recommend").then().statusCode(400).extract().jsonPath().getString("error"));
    }

    @Test
    void getOfAnItemStillAnswersBesideThePostOfItemsSimilar() {
        given().get("/items/" + id(7, 1)).then().statusCode(200);
        given().get("/items/" + id(7, 1) + "/similar").then().statusCode(200);
        // An item may be named "similar": GET of that path is still the item lookup (here: no such item), not a 405.
        assertEquals("NO_SUCH_ITEM", given().get("/items/similar").then().statusCode(404).extract().jsonPath().getString("error"));
    }

    /** Scores are rounded to 4 decimals, and a last-bit difference may round either way. */
    private static void assertScores(List<Float> expected, List<Float> actual, double tolerance) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r), actual.get(r), tolerance, "score of hit " + r);
        }
    }
}
