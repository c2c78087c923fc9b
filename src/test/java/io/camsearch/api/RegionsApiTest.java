package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Vectors;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.index.CatalogIndex;
import io.camsearch.model.LinearHead;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.camsearch.support.TestCollection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The score regions of the search's heatmaps on the real application, the real model and real images. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RegionsApiTest {

    /** Classes no other test uses, and a metadata key of their own: the app and its index are shared with other test classes. */
    private static final int[] CLASSES = {15, 16};
    private static final int PER_CLASS = 4;
    private static final TestCollection COLLECTION = new TestCollection("regions", CLASSES, PER_CLASS);
    private static final String MINE = COLLECTION.filter();

    @Inject
    CatalogIndex index;

    @Inject
    ImageExplainer explainer;

    @BeforeEach
    void publishCatalogOnce() throws Exception {
        COLLECTION.publishOnce(KafkaTestResource.bootstrapServers, index);
    }

    private static String id(int c, int i) {
        return COLLECTION.id(c, i);
    }

    /**
     * Each hit's heatmap on the query carries its score, y.p - b.p computed here from the query's
     * embedding y, the hit's embedding p and the demo model's bias b, and at most the regions asked
     * for, ordered by share, their boxes inside the query image.
     */
    @Test
    void searchHeatmapsCarryTheScoreAndTheTopRegionsAskedFor() throws Exception {
        byte[] query = CatalogImages.png(15, 100);
        JsonPath json = search(query, 2).then().statusCode(200).extract().jsonPath();
        AnalyzedImage analyzed = explainer.analyze(query);
        float[] bias = LinearHead.probe(explainer.cam().model()).bias();
        int width = json.getInt("query.width");
        int height = json.getInt("query.height");
        List<String> ids = json.getList("hits.id");
        assertEquals(4, ids.size());
        int withRegions = 0;
        int matches = 0;
        for (int r = 0; r < ids.size(); r++) {
            float[] p = index.get(ids.get(r)).orElseThrow().embedding();
            double expected = Vectors.dot(analyzed.features().embedding(), p) - Vectors.dot(bias, p);
            String onQuery = "hits[" + r + "].onQuery";
            assertEquals(expected, json.getDouble(onQuery + ".score"), 1e-3 * Math.abs(expected) + 1e-3, ids.get(r));
            List<Map<String, Object>> regions = json.getList(onQuery + ".regions");
            assertTrue(regions.size() <= 2, regions.size() + " regions, 2 asked for");
            assertEquals(expected > 0, !regions.isEmpty(), "regions exactly when the score is positive: " + expected + ", " + regions);
            for (int k = 0; k < regions.size(); k++) {
                String region = onQuery + ".regions[" + k + "]";
                assertTrue(json.getInt(region + ".box.x") + json.getInt(region + ".box.width") <= width, region + " inside the image");
                assertTrue(json.getInt(region + ".box.y") + json.getInt(region + ".box.height") <= height, region + " inside the image");
                assertTrue(json.getDouble(region + ".share") > 0, region + " raises the score");
                if (k > 0) {
                    assertTrue(json.getDouble(onQuery + ".regions[" + (k - 1) + "].share") >= json.getDouble(region + ".share"), "ordered by share");
                }
            }
            withRegions += regions.isEmpty() ? 0 : 1;
            if (!regions.isEmpty() && json.get("hits[" + r + "].matchesOnHit") != null) {
                String match = "hits[" + r + "].matchesOnHit";
                assertEquals(json.getMap(onQuery + ".regions[0]"), json.getMap(match + ".query"), "the match starts from the query's top region");
                JsonPath item = given().get("/items/" + ids.get(r)).then().statusCode(200).extract().jsonPath();
                assertTrue(json.getInt(match + ".hit.box.x") + json.getInt(match + ".hit.box.width") <= item.getInt("width"), match + " inside the hit");
                assertTrue(json.getInt(match + ".hit.box.y") + json.getInt(match + ".hit.box.height") <= item.getInt("height"), match + " inside the hit");
                assertTrue(json.getDouble(match + ".hit.share") > 0, match + " agrees with the query's region");
                matches++;
            }
            List<Map<String, Object>> onHit = json.getList("hits[" + r + "].onHit.regions");
            assertTrue(onHit.size() <= 2, "the hit's heatmap lists regions too, as many as asked for");
        }
        assertTrue(withRegions > 0, "some hit's heatmap has regions");
        assertTrue(matches > 0, "some hit has the match of the query's top region");
        JsonPath onlyQuery = given().contentType(ContentType.JSON)
                .body(Map.of("image", Map.of("base64", Base64.getEncoder().encodeToString(query)), "k", 4, "filter", MINE, "explain", "query"))
                .post("/search").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), onlyQuery.getList("hits.findAll { it.matchesOnHit != null }"), "a match needs both heatmaps");
        int all = search(query, 10).then().statusCode(200).extract().jsonPath().getList("hits[0].onQuery.regions").size();
        assertEquals(Math.min(3, all), onlyQuery.getList("hits[0].onQuery.regions").size(), "3 regions by default, of " + all);
        assertEquals(List.of(), search(query, 0).then().statusCode(200).extract().jsonPath().getList("hits[0].onQuery.regions"), "regions=0 lists none");
    }

    @Test
    void aRegionCountOutsideItsBoundIsA400NamingIt() {
        JsonPath error = search(CatalogImages.png(15, 101), 11).then().statusCode(400).extract().jsonPath();
        assertTrue(error.getString("message").startsWith("regions must be a whole number in [0, 10]"), error.getString("message"));
        given().multiPart("image", "q.png", CatalogImages.png(15, 101), "image/png").queryParam("regions", "-1").queryParam("filter", MINE)
                .post("/search").then().statusCode(400);
    }

    private static io.restassured.response.Response search(byte[] query, int regions) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("image", Map.of("base64", Base64.getEncoder().encodeToString(query)), "k", 4, "filter", MINE,
                        "explain", "both", "regions", regions))
                .when().post("/search");
    }
}
