package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.client.WriteToken;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Read your writes on the real application: events published through the real broker, their
 * tokens the producer's acknowledgements, searched at once with those tokens. A search without a
 * token may or may not see a fresh write; nothing here asserts either.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ReadYourWritesApiTest {

    /** Items of this test only: the app and its index are shared with the other test classes. */
    private static final String MINE = "collection=ryw-test";
    private static final int DEMO_CLASS = 13;
    /** Long enough for ingestion on a loaded machine; the tests' bound (camsearch.search.max-consistency-wait) is 60 s. */
    private static final int WAIT_MILLIS = 60_000;
    /** A write no one made: an offset far past anything a test publishes. */
    private static final WriteToken NEVER_WRITTEN = WriteToken.upsert("ryw-never", 0, 1_000_000_000L);

    @Inject
    ReadYourWrites writes;

    @TestHTTPResource("/")
    URL service;

    @Test
    void aSearchCarryingTheTokenOfAPublishedItemFindsItAndTheTombstonesTokenFindsItGone() throws Exception {
        String id = "ryw-item-" + System.nanoTime();
        byte[] png = CatalogImages.png(DEMO_CLASS, 1);
        WriteToken upserted = publish(id, png);

        List<String> hits = given().multiPart("image", "q.png", png, "image/png").queryParam("filter", MINE).queryParam("k", 3)
                .queryParam("explain", "none").queryParam("consistency", upserted.encode()).queryParam("consistencyWait", WAIT_MILLIS)
                .when().post("/search").then().statusCode(200).extract().jsonPath().getList("hits.id");
        assertTrue(hits.contains(id), id + " in " + hits);

        WriteToken deleted = publishTombstone(id);
        assertTrue(deleted.deleted());
        List<String> after = given().contentType(ContentType.JSON).body(Map.of("image", Map.of("base64", Base64.getEncoder().encodeToString(png)),
                        "filter", MINE, "k", 3, "explain", "none", "consistency", List.of(deleted.encode()), "consistencyWait", WAIT_MILLIS))
                .when().post("/search").then().statusCode(200).extract().jsonPath().getList("hits.id");
        assertFalse(after.contains(id), id + " deleted, yet in " + after);
    }

    /** Without waiting, each of these would answer NO_SUCH_ITEM for an item published a moment before. */
    @Test
    void theItemSearchesBatchesAndRecommendationsWaitForTheirTokens() throws Exception {
        String similar = "ryw-similar-" + System.nanoTime();
        JsonPath one = given().queryParam("consistency", publish(similar, CatalogImages.png(DEMO_CLASS, 2)).encode())
                .queryParam("consistencyWait", WAIT_MILLIS).queryParam("explain", "none")
                .when().get("/items/" + similar + "/similar").then().statusCode(200).extract().jsonPath();
        assertEquals(similar, one.getString("query.itemId"));

        String batched = "ryw-batch-" + System.nanoTime();
        JsonPath batch = given().contentType(ContentType.JSON).body(Map.of("ids", List.of(batched), "explain", "none",
                        "consistency", List.of(publish(batched, CatalogImages.png(DEMO_CLASS, 3)).encode()), "consistencyWait", WAIT_MILLIS))
                .when().post("/items/similar").then().statusCode(200).extract().jsonPath();
        assertNull(batch.get("results[0].error"), "the entry of " + batched);

        String liked = "ryw-liked-" + System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("positive", List.of(liked), "explain", "none",
                        "consistency", List.of(publish(liked, CatalogImages.png(DEMO_CLASS, 4)).encode()), "consistencyWait", WAIT_MILLIS))
                .when().post("/recommend").then().statusCode(200);

        String image = "ryw-images-" + System.nanoTime();
        byte[] png = CatalogImages.png(DEMO_CLASS, 5);
        JsonPath images = given().multiPart("image", "q.png", png, "image/png").queryParam("filter", MINE).queryParam("explain", "none")
                .queryParam("consistency", publish(image, png).encode()).queryParam("consistencyWait", WAIT_MILLIS)
                .when().post("/search/batch").then().statusCode(200).extract().jsonPath();
        assertTrue(images.getList("results[0].result.hits.id").contains(image), image + " in " + images.getList("results[0].result.hits.id"));
    }

    @Test
    void aTokenForAWriteNeverMadeIsAnsweredServiceUnavailableOnceItsWaitPasses() {
        long start = System.nanoTime();
        Response answer = given().queryParam("consistency", NEVER_WRITTEN.encode() + "," + WriteToken.delete("ryw-absent", 1, 0).encode())
                .queryParam("consistencyWait", 1000).when().get("/items/ryw-never/similar");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(503, answer.statusCode());
        assertEquals("CONSISTENCY_TIMEOUT", answer.jsonPath().getString("error"));
        assertEquals("1", answer.header("Retry-After"));
        assertEquals("1 of the 2 writes this search waited for is not yet applied on this replica after 1000 ms; retry, or allow a longer "
                + "consistencyWait (at most camsearch.search.max-consistency-wait)", answer.jsonPath().getString("message"));
        assertTrue(millis >= 1000 && millis < 30_000, "answered after " + millis + " ms");
    }

    @Test
    void aMalformedTokenIsABadRequestNamingWhichTokenAndWhatIsWrong() {
        Response query = given().queryParam("consistency", NEVER_WRITTEN.encode() + ",not a token!").when().get("/items/ryw-never/similar");
        assertEquals(400, query.statusCode());
        assertEquals("BAD_CONSISTENCY_TOKEN", query.jsonPath().getString("error"));
        assertEquals("consistency[1]: the consistency token is not base64url text (A-Z a-z 0-9 - _, no padding)", query.jsonPath().getString("message"));

        String badId = WriteToken.upsert("no/slash", 0, 1).encode();
        Response body = given().contentType(ContentType.JSON).body(Map.of("ids", List.of("x"), "consistency", List.of(badId)))
                .when().post("/items/similar");
        assertEquals(400, body.statusCode());
        assertEquals("BAD_CONSISTENCY_TOKEN", body.jsonPath().getString("error"));
        assertTrue(body.jsonPath().getString("message").startsWith("consistency[0]: the token's item id is no item id: the item id has '/'"),
                body.jsonPath().getString("message"));

        given().queryParam("consistency", NEVER_WRITTEN.encode()).queryParam("consistencyWait", "soon").when().get("/items/ryw-never/similar")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.startsWith("consistencyWait must be a whole number"));
    }

    /**
     * Fifty searches wait for a write no one made while a plain search is answered; none of them
     * holds a thread meanwhile (no thread of the app is inside an API resource), and each is
     * answered 503 once its wait passes.
     */
    @Test
    void waitingSearchesHoldNoThreadAndPlainSearchesGoOn() throws Exception {
        int waiting = 50;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(service + "items/ryw-never/similar?consistencyWait=20000&consistency=" + NEVER_WRITTEN.encode());
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await("all searches waiting").atMost(Duration.ofSeconds(15)).until(() -> writes.waiting() >= waiting);

        List<String> inResources = threadsInApiResources();
        assertEquals(List.of(), inResources, "threads held inside the API while " + waiting + " searches wait");
        given().contentType(ContentType.JSON).body(Map.of("image", Map.of("base64", Base64.getEncoder().encodeToString(CatalogImages.png(DEMO_CLASS, 6))),
                "filter", MINE, "explain", "none")).when().post("/search").then().statusCode(200);
        assertTrue(writes.waiting() >= waiting, "the plain search was answered while they waited");

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(2, TimeUnit.MINUTES);
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().contains("CONSISTENCY_TIMEOUT"), response.body());
        }
        assertEquals(0, writes.waiting());
    }

    private static List<String> threadsInApiResources() {
        List<String> names = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread != Thread.currentThread() && Stream.of(frames).anyMatch(frame -> frame.getClassName().startsWith("io.camsearch.api."))) {
                names.add(thread.getName());
            }
        });
        return names;
    }

    private static WriteToken publish(String id, byte[] png) throws Exception {
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            Map<String, Object> metadata = Map.of("collection", "ryw-test");
            publisher.upsert(id, png, metadata);
            List<WriteToken> written = publisher.flush();
            assertEquals(1, written.size());
            assertEquals(WriteToken.upsert(id, written.get(0).partition(), written.get(0).offset()), written.get(0));
            return written.get(0);
        }
    }

    private static WriteToken publishTombstone(String id) throws Exception {
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            publisher.delete(id);
            return publisher.flush().get(0);
        }
    }
}
