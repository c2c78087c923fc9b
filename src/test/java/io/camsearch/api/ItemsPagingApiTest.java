package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.CatalogIndex;
import io.camsearch.index.MetadataFilter;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /items} on the real application: items published through the real broker, a cursor
 * walk over HTTP while items are added and deleted through Kafka between its pages, and every bad
 * cursor, offset and limit answered with what was wrong.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ItemsPagingApiTest {

    /** Metadata only this test's items carry, so that items of other tests on the same app do not count. */
    private static final String FILTER = "suite=paging-api";
    private static final int FIRST_CLASS = 20;

    @Inject
    CatalogIndex index;

    @Test
    void aCursorWalkOverHttpSeesItemsPresentThroughoutOnceWhileKafkaAddsAndDeletesBetweenPages() throws Exception {
        List<String> initial = new ArrayList<>();
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            for (int n = 0; n < 48; n += 2) {
                publish(publisher, n);
                initial.add(id(n));
            }
        }
        awaitVisible(initial, List.of());

        List<String> seen = new ArrayList<>();
        JsonPath first = page(null, 5);
        assertEquals(24, first.getInt("total"));
        assertEquals(0, first.getInt("offset"), "the first page is offset 0");
        seen.addAll(first.getList("items.id"));
        assertEquals(List.of(id(0), id(2), id(4), id(6), id(8)), seen);

        // Between pages: one seen item and one not yet reached are deleted; one id before the cursor and one after it are added.
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            publisher.delete(id(0));
            publisher.delete(id(40));
            publish(publisher, 1);
            publish(publisher, 47);
        }
        awaitVisible(List.of(id(1), id(47)), List.of(id(0), id(40)));

        String cursor = first.getString("next");
        int pages = 1;
        while (cursor != null) {
            JsonPath page = page(cursor, 5);
            assertNull(page.get("offset"), "a cursor page has no offset");
            assertEquals(24, page.getInt("total"), "24 - 2 deleted + 2 added");
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next");
            pages++;
        }
        assertEquals(new ArrayList<>(new TreeSet<>(seen)), seen, "ids in strictly increasing order: none twice");
        List<String> expected = new ArrayList<>(initial);
        expected.remove(id(40));   // deleted before its page: never seen
        expected.add(id(47));      // added after the cursor: seen
        expected.sort(null);       // id(0): deleted after it was seen, seen once; id(1): added before the cursor, not seen
        assertEquals(expected, seen);
        assertEquals(5, pages, "5 items a page, 24 items with the walk's changes");
    }

    @Test
    void offsetsAreBoundedAndPointToTheCursorAndLimitsAreChecked() {
        given().queryParam("offset", ItemsResource.MAX_OFFSET).when().get("/items").then().statusCode(200)
                .body("offset", equalTo(ItemsResource.MAX_OFFSET));
        given().queryParam("offset", ItemsResource.MAX_OFFSET + 1).when().get("/items").then().statusCode(400)
                .body("error", equalTo("OFFSET_TOO_LARGE")).body("message", containsString("offset may be at most 10000, got 10001"))
                .body("message", containsString("?cursor="));
        given().queryParam("offset", -1).when().get("/items").then().statusCode(400).body("message", containsString("offset must be"));
        given().queryParam("limit", ItemsResource.MAX_LIMIT + 1).when().get("/items").then().statusCode(400)
                .body("error", equalTo("BAD_REQUEST")).body("message", containsString("limit must be a whole number in [1, 500], got '501'"));
        given().queryParam("limit", 0).when().get("/items").then().statusCode(400).body("message", containsString("limit must be"));
        given().queryParam("limit", "ten").when().get("/items").then().statusCode(400).body("message", containsString("limit must be"));
    }

    @Test
    void theOpenApiDocumentDescribesTheCursorTheBoundsAndNext() {
        JsonPath doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("cursor", "filter", "limit", "offset"),
                doc.getList("paths.'/items'.get.parameters.name", String.class).stream().sorted().toList());
        assertTrue(doc.getString("paths.'/items'.get.summary").contains("offset 10000 at most"), doc.getString("paths.'/items'.get.summary"));
        assertTrue(doc.getMap("components.schemas.ItemPage.properties").containsKey("next"));
    }

    @Test
    void malformedOrForeignCursorsAre400BadCursorNamingWhatIsWrong() {
        assertBadCursor("***", "not a cursor this service wrote");
        assertBadCursor(b64("{\"v\":1,\"after\":"), "not a cursor this service wrote");
        assertBadCursor(b64("[1,2]"), "not a cursor this service wrote");
        assertBadCursor(b64("{\"v\":2,\"after\":\"a\",\"filter\":\"\"}"), "its version is 2");
        assertBadCursor(b64("{\"v\":1,\"after\":\"a/b\",\"filter\":\"\"}"), "the id it holds is not valid");
        assertBadCursor(b64("{\"v\":1,\"filter\":\"\"}"), "the id it holds is not valid");
        assertBadCursor(b64("{\"v\":1,\"after\":\"a\"}"), "it holds no filter digest");
        assertBadCursor("A".repeat(ItemCursor.MAX_LENGTH + 1), "more than any cursor this service writes");

        String walk = ItemCursor.after("a", MetadataFilter.parse(FILTER)).encode();
        given().queryParam("cursor", walk).queryParam("filter", "suite=other").when().get("/items").then().statusCode(400)
                .body("error", equalTo("BAD_CURSOR")).body("message", containsString("it walks another filter than the one sent"));
        given().queryParam("cursor", walk).when().get("/items").then().statusCode(400)
                .body("error", equalTo("BAD_CURSOR")).body("message", containsString("it walks another filter than none"));
        given().queryParam("cursor", walk).queryParam("filter", " suite = paging-api ;").when().get("/items").then().statusCode(200)
                .body("items.metadata.suite", everyItem(equalTo("paging-api")));
        given().queryParam("cursor", walk).queryParam("offset", 5).when().get("/items").then().statusCode(400)
                .body("message", containsString("offset and cursor exclude each other"));
    }

    @Test
    void aFilterDigestIsTheSameHoweverTheFilterIsWritten() {
        assertEquals(ItemCursor.digest(MetadataFilter.parse("a=x,y;p=1..2")), ItemCursor.digest(MetadataFilter.parse(" p=1..2 ; a=y,x")));
        assertNotEquals(ItemCursor.digest(MetadataFilter.parse("a=x")), ItemCursor.digest(MetadataFilter.parse("a=x,y")));
        assertNotEquals(ItemCursor.digest(MetadataFilter.NONE), ItemCursor.digest(MetadataFilter.parse("a=x")));
    }

    private static void assertBadCursor(String cursor, String problem) {
        given().queryParam("cursor", cursor).when().get("/items").then().statusCode(400).body("error", equalTo("BAD_CURSOR"))
                .body("message", containsString(problem)).body("message", containsString("pass the 'next' of a GET /items answer unchanged"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonPath page(String cursor, int limit) {
        var request = given().queryParam("limit", limit).queryParam("filter", FILTER);
        request = cursor == null ? request : request.queryParam("cursor", cursor);
        JsonPath page = request.when().get("/items").then().statusCode(200).extract().jsonPath();
        assertTrue(page.getList("items.metadata.suite").stream().allMatch("paging-api"::equals), "the walk keeps its filter");
        if (page.getString("next") != null) {
            assertEquals(limit, page.getList("items").size(), "only the last page is short");
        }
        return page;
    }

    private void awaitVisible(List<String> present, List<String> absent) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String id : present) {
                if (index.get(id).isEmpty()) {
                    return false;
                }
            }
            for (String id : absent) {
                if (index.get(id).isPresent()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void publish(CatalogPublisher publisher, int n) {
        // Classes no other test on this app searches (it shares the index), with their category, so searches elsewhere stay right.
        int c = FIRST_CLASS + n % 4;
        Map<String, Object> metadata = new LinkedHashMap<>(CatalogImages.metadata(c, n));
        metadata.put("suite", "paging-api");
        publisher.upsert(id(n), CatalogImages.png(c, n), metadata);
    }

    /** Zero-padded, so that id order is number order. */
    private static String id(int n) {
        return String.format("pg-%02d", n);
    }
}
