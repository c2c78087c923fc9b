package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.GuidedGradCam;
import io.camsearch.heatmap.GuidedImage;
import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.cam.Proxy;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.CamOptions;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.index.CatalogIndex;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.heatmap.HeatmapToken;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.CounterfactualMaps;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search API on the real application: items published through the real broker, indexed by the
 * real model into a real Lucene directory, searched over HTTP.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SearchApiTest {

    private static final int CLASSES = 4;
    private static final int PER_CLASS = 6;
    private static boolean published;

    @Inject
    CatalogIndex index;

    @Inject
    ImageExplainer explainer;

    /** The management interface (its URL ends in its root path, /q/; only its port is used). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeEach
    void publishCatalogOnce() throws Exception {
        if (published) {
            return;
        }
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            for (int c = 0; c < CLASSES; c++) {
                for (int i = 0; i < PER_CLASS; i++) {
                    publisher.upsert(id(c, i), CatalogImages.png(c, i), CatalogImages.metadata(c, i));
                }
            }
        }
        await("the published catalog to be indexed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(this::allIndexed);
        published = true;
    }

    private boolean allIndexed() throws Exception {
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < PER_CLASS; i++) {
                if (index.get(id(c, i)).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String id(int c, int i) {
        return "api-c" + c + "-" + i;
    }

    @Test
    void uploadedImageFindsItsClassAndBothHeatmapsEqualTheCoreLibrarysOnTheSameImages() throws Exception {
        byte[] query = CatalogImages.png(2, 100);
        JsonPath json = given().multiPart("image", "q.png", query, "image/png").queryParam("k", 5).queryParam("explain", "both")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> hits = json.getList("hits");
        assertEquals(5, hits.size());
        assertEquals("class-2", json.getString("hits[0].metadata.category"), "the nearest item is of the query's class");
        assertEquals(128, json.getInt("query.width"));

        AnalyzedImage analyzed = explainer.analyze(query);
        for (int r = 0; r < hits.size(); r++) {
            String hitId = json.getString("hits[" + r + "].id");
            var item = index.get(hitId).orElseThrow();
            // On the query: the core library's heatmap of the query for the hit's embedding.
            Grid expected = explainer.explain(analyzed, Proxy.singlePoint(item.embedding()), CamOptions.DEFAULT).normalized();
            assertGrid(expected, json.getList("hits[" + r + "].onQuery.grid.values", Float.class), 1e-4);
            // Beside it, the counterfactual: ReLU(-S) of the same signed map, normalized, computed here by hand.
            Grid signed = explainer.signedMap(analyzed, Proxy.singlePoint(item.embedding()), CamOptions.DEFAULT);
            List<Float> against = json.getList("hits[" + r + "].onQuery.counterfactual.grid.values", Float.class);
            double[] expectedAgainst = CounterfactualMaps.normalized(signed);
            for (int cell = 0; cell < expectedAgainst.length; cell++) {
                assertEquals(expectedAgainst[cell], against.get(cell), 1e-4, "counterfactual cell " + cell);
            }
            assertEquals(CounterfactualMaps.peak(signed), json.getDouble("hits[" + r + "].onQuery.counterfactual.peak"), 1e-4);
            assertTrue(json.getString("hits[" + r + "].onHit.counterfactual.heatmapUrl").matches("/heatmaps/[A-Za-z0-9_-]+\\.png"));
            // On the hit: the core library's heatmap of the hit's own image for the query's embedding, within issue 15's 0.02 (the index stores the demo model's sparse feature map in 12-bit floats, StoredExplanation).
            int c = Integer.parseInt(hitId.substring(5, 6));
            int i = Integer.parseInt(hitId.substring(7));
            AnalyzedImage hitImage = explainer.analyze(CatalogImages.png(c, i));
            Grid expectedOnHit = explainer.explain(hitImage, Proxy.singlePoint(analyzed.features().embedding()), CamOptions.DEFAULT).normalized();
            assertGrid(expectedOnHit, json.getList("hits[" + r + "].onHit.grid.values", Float.class), 0.02);
            double cosine = io.camsearch.cam.Vectors.dot(io.camsearch.cam.Vectors.normalized(analyzed.features().embedding()),
                    io.camsearch.cam.Vectors.normalized(item.embedding()));
            assertEquals(cosine, json.getDouble("hits[" + r + "].score"), 1e-3);
        }
        double first = json.getDouble("hits[0].score");
        double last = json.getDouble("hits[4].score");
        assertTrue(first >= last, "hits are best first");
    }

    @Test
    void explainWithGuidedAddsEachItemsGuidedGradCamOnTheQueryAsTheCoreLibraryDrawsIt() throws Exception {
        byte[] query = CatalogImages.png(3, 102);
        JsonPath json = given().multiPart("image", "q.png", query, "image/png").queryParam("ids", id(3, 0) + "," + id(1, 1))
                .queryParam("guided", true).when().post("/explain").then().statusCode(200).extract().jsonPath();
        AnalyzedImage analyzed = explainer.analyze(query);
        GuidedGradCam guided = new GuidedGradCam(explainer.cam().model());
        for (int r = 0; r < 2; r++) {
            String dataUrl = json.getString("hits[" + r + "].guidedOnQuery");
            assertTrue(dataUrl.startsWith("data:image/png;base64,"), dataUrl.substring(0, Math.min(40, dataUrl.length())));
            BufferedImage answered = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1))));
            Proxy p = Proxy.singlePoint(index.get(json.getString("hits[" + r + "].id")).orElseThrow().embedding());
            BufferedImage expected = GuidedImage.rgb(guided.explain(explainer.toInput(analyzed.image()),
                    explainer.signedMap(analyzed, p, CamOptions.DEFAULT), p));
            assertEquals(expected.getWidth(), answered.getWidth(), "at the model's input size");
            int[] want = pixels(expected);
            int[] got = pixels(answered);
            for (int i = 0; i < want.length; i++) {
                for (int shift = 0; shift < 24; shift += 8) {
                    assertEquals((want[i] >> shift) & 0xFF, (got[i] >> shift) & 0xFF, 2, "pixel " + i);
                }
            }
        }
        JsonPath plain = given().multiPart("image", "q.png", query, "image/png").queryParam("ids", id(3, 0))
                .when().post("/explain").then().statusCode(200).extract().jsonPath();
        assertEquals(null, plain.getString("hits[0].guidedOnQuery"), "only on request");
        given().multiPart("image", "q.png", query, "image/png").queryParam("conceptIds", id(3, 0)).queryParam("guided", true)
                .when().post("/explain").then().statusCode(400).body("message", containsString("guided explains items"));
    }

    @Test
    void heatmapAndOverlayImagesAreServedByUrlAtTheSizeOfTheImageTheyExplainWithTheBoxOfTheJson() throws Exception {
        JsonPath json = given().multiPart("image", "q.png", CatalogImages.png(1, 101), "image/png").queryParam("k", 2).queryParam("explain", "both")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        assertEquals(null, json.getString("query.imageUrl"), "an uploaded query image is not kept");
        assertEquals(null, json.getString("hits[0].onQuery.overlayUrl"), "so there is no overlay on it: the client has the image");
        String onQueryUrl = json.getString("hits[0].onQuery.heatmapUrl");
        assertTrue(onQueryUrl.matches("/heatmaps/[A-Za-z0-9_-]+\\.png"), onQueryUrl);
        BufferedImage onQuery = png(onQueryUrl);
        assertEquals(128, onQuery.getWidth());
        assertOutlined(onQuery, box(json, "hits[0].onQuery"));
        BufferedImage small = png(onQueryUrl + "?width=64");
        assertEquals(64, small.getHeight(), "a width alone keeps the aspect");

        String hitId = json.getString("hits[0].id");
        String overlayUrl = json.getString("hits[0].onHit.overlayUrl");
        assertTrue(overlayUrl.startsWith("/items/" + hitId + "/overlay.png?map="), overlayUrl);
        BufferedImage overlay = png(overlayUrl + "&alpha=0.3");
        assertEquals(128, overlay.getHeight(), "drawn on the hit's 128-pixel thumbnail");
        assertOutlined(overlay, box(json, "hits[0].onHit"));
        BufferedImage onHit = png(json.getString("hits[0].onHit.heatmapUrl"));
        assertEquals(128, onHit.getWidth());
        assertOutlined(onHit, box(json, "hits[0].onHit"));
        BufferedImage item = ImageIO.read(new ByteArrayInputStream(given().get(json.getString("hits[0].imageUrl")).then().statusCode(200)
                .contentType("image/png").extract().asByteArray()));
        assertEquals(128, item.getWidth(), "a 128-pixel PNG original is its own thumbnail");
    }

    @Test
    void theHeatmapRendererAreDrawnFromTheUrlAloneAsAReplicaThatNeverSawTheSearchWould() throws Exception {
        JsonPath json = given().multiPart("image", "q.png", CatalogImages.png(3, 110), "image/png").queryParam("k", 3).queryParam("explain", "both")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        // Built here from the configured size cap alone: no search, no state of the app that answered.
        HeatmapRenderer replica = new HeatmapRenderer(512);
        for (int r = 0; r < 3; r++) {
            for (String side : List.of("onQuery", "onHit")) {
                String heatmapUrl = json.getString("hits[" + r + "]." + side + ".heatmapUrl");
                HeatmapToken token = HeatmapToken.decode("map", heatmapUrl.substring("/heatmaps/".length(), heatmapUrl.length() - ".png".length()));
                assertGrid(token.map(), json.getList("hits[" + r + "]." + side + ".grid.values", Float.class), 0);
                assertArrayEquals(pixels(replica.heatmap(token, 0, 0)), pixels(png(heatmapUrl)), heatmapUrl);
            }
            String overlayUrl = json.getString("hits[" + r + "].onHit.overlayUrl");
            HeatmapToken token = HeatmapToken.decode("map", overlayUrl.substring(overlayUrl.indexOf("?map=") + "?map=".length()));
            BufferedImage thumbnail = index.get(json.getString("hits[" + r + "].id")).orElseThrow().thumbnail().decode();
            assertArrayEquals(pixels(replica.overlay(token, thumbnail, 0.7)), pixels(png(overlayUrl + "&alpha=0.7")), overlayUrl);
        }
    }

    @Test
    void badHeatmapTokensSizesAndOpacitiesAreAnsweredWithTheParameterThatWasWrong() {
        JsonPath json = given().multiPart("image", "q.png", CatalogImages.png(1, 111), "image/png").queryParam("k", 1).queryParam("explain", "both")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        String heatmapUrl = json.getString("hits[0].onQuery.heatmapUrl");
        String overlayUrl = json.getString("hits[0].onHit.overlayUrl");
        for (String size : List.of("width", "height")) {
            for (String value : List.of("0", "513", "wide")) {
                given().queryParam(size, value).get(heatmapUrl).then().statusCode(400).body("error", equalTo("BAD_REQUEST"))
                        .body("message", containsString(size + " must be a whole number in [1, 512], got '" + value + "'"));
            }
        }
        given().get(overlayUrl + "&alpha=2").then().statusCode(400).body("error", equalTo("BAD_REQUEST"))
                .body("message", containsString("alpha must be a number in [0, 1], got '2'"));
        given().get("/heatmaps/not*a*token.png").then().statusCode(400).body("error", equalTo("BAD_REQUEST"))
                .body("message", equalTo("map must be a heatmap token from a search answer; it is not base64url text"));
        given().get("/heatmaps/" + "A".repeat(3000) + ".png").then().statusCode(400)
                .body("message", containsString("map must be a heatmap token from a search answer; it is 3000 characters long"));
        given().get("/heatmaps/AgEBAAEAAQAAAAAAAAAAAAA.png").then().statusCode(400).body("message", containsString("has version 2"));
        String hitOverlay = overlayUrl.substring(0, overlayUrl.indexOf('?'));
        given().get(hitOverlay).then().statusCode(400).body("message", equalTo("map must be a heatmap token from a search answer; it is missing"));
        given().queryParam("map", "AQwMAIAAgA").get(hitOverlay).then().statusCode(400).body("message", containsString("too short"));
        given().get(overlayUrl.replace("/items/" + json.getString("hits[0].id") + "/", "/items/no-such-item/")).then().statusCode(404)
                .body("error", equalTo("NO_SUCH_ITEM"));
        given().get("/searches/any/hits/1/query/heatmap.png").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void theImageUrlsOfASearchAnswerTheSameImagesAfterMoreThan512LaterSearches() throws Exception {
        JsonPath json = given().multiPart("image", "q.png", CatalogImages.png(2, 108), "image/png").queryParam("k", 2).queryParam("explain", "both")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String url : imageUrls(json)) {
            before.put(url, pngBytes(url));
        }
        assertTrue(before.size() >= 4, "a search with explain=both names a heatmap image on each side of each hit: " + before.keySet());
        byte[] other = CatalogImages.png(0, 109);
        for (int i = 0; i < 520; i++) {
            given().multiPart("image", "q.png", other, "image/png").queryParam("k", 1).queryParam("explain", "none")
                    .when().post("/search").then().statusCode(200);
        }
        for (Map.Entry<String, byte[]> url : before.entrySet()) {
            assertArrayEquals(url.getValue(), pngBytes(url.getKey()), url.getKey() + " answers the same PNG after 520 later searches");
        }
    }

    /** Every image URL a search answer names (overlays at their default opacity). */
    private static List<String> imageUrls(JsonPath json) {
        List<String> urls = new ArrayList<>();
        if (json.getString("query.imageUrl") != null) {
            urls.add(json.getString("query.imageUrl"));
        }
        for (int r = 0; r < json.getList("hits").size(); r++) {
            for (String side : List.of("onQuery", "onHit")) {
                for (String kind : List.of("heatmapUrl", "overlayUrl")) {
                    String url = json.getString("hits[" + r + "]." + side + "." + kind);
                    if (url != null) {
                        urls.add(url);
                    }
                }
            }
        }
        return urls;
    }

    @Test
    void explainNoneReturnsHitsWithoutHeatmapsAndQueryOnlyOmitsTheHitSide() {
        byte[] query = CatalogImages.png(0, 102);
        JsonPath none = given().multiPart("image", "q.png", query, "image/png").queryParam("explain", "none")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        assertEquals(10, none.getList("hits").size(), "k defaults to 10");
        assertEquals(null, (Object) none.get("hits[0].onQuery"));
        JsonPath queryOnly = given().multiPart("image", "q.png", query, "image/png").queryParam("k", 3)
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        assertEquals("query", queryOnly.getString("explain"), "explain defaults to query");
        assertNotNull(queryOnly.get("hits[0].onQuery.grid"));
        assertEquals(null, (Object) queryOnly.get("hits[0].onHit"));
        assertEquals(none.getString("hits[0].id"), queryOnly.getString("hits[0].id"));
    }

    @Test
    void filtersAreAppliedInsideTheSearch() {
        byte[] query = CatalogImages.png(0, 103);
        JsonPath json = given().multiPart("image", "q.png", query, "image/png").queryParam("k", 6).queryParam("filter", "category=class-3")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        List<String> categories = json.getList("hits.metadata.category");
        assertEquals(6, categories.size(), "a selective filter still gives k hits");
        assertTrue(categories.stream().allMatch("class-3"::equals), categories.toString());

        JsonPath range = given().multiPart("image", "q.png", query, "image/png").queryParam("k", 50).queryParam("filter", "price=11..12;category=class-0,class-1")
                .when().post("/search").then().statusCode(200).extract().jsonPath();
        List<Integer> prices = range.getList("hits.metadata.price", Integer.class);
        assertEquals(4, prices.size(), "two classes x prices 11 and 12");
        assertTrue(prices.stream().allMatch(p -> p == 11 || p == 12), prices.toString());
    }

    @Test
    void jsonSearchRefusesFileUrlsAlikeWhetherTheFileIsAnImageNotAnImageOrMissing() throws Exception {
        // file: URLs are for catalog events; a search by one would let a caller probe the file root.
        Path image = KafkaTestResource.fileRoot.resolve("query-3-104.png");
        Files.write(image, CatalogImages.png(3, 104));
        Path text = KafkaTestResource.fileRoot.resolve("notes.txt");
        Files.writeString(text, "not an image");
        Path missing = KafkaTestResource.fileRoot.resolve("nothing-here.png");
        Set<String> answers = new HashSet<>();
        for (Path file : List.of(image, text, missing)) {
            JsonPath answer = given().contentType("application/json")
                    .body(Map.of("image", Map.of("url", file.toUri().toString()), "k", 3, "explain", "none"))
                    .when().post("/search").then().statusCode(400).extract().jsonPath();
            assertEquals("URL_NOT_ALLOWED", answer.getString("error"));
            assertTrue(answer.getString("message").contains("http or https"), answer.getString("message"));
            assertFalse(answer.getString("message").contains(KafkaTestResource.fileRoot.toString()), answer.getString("message"));
            answers.add(answer.getString("message").replace(file.toUri().toString(), "<url>"));
        }
        assertEquals(1, answers.size(), "one answer for an image, a text file and a missing file: " + answers);
    }

    @Test
    void jsonSearchByAnHttpUrlWorksWhenSearchUrlsAreEnabled() throws Exception {
        byte[] query = CatalogImages.png(2, 105);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q.png", ex -> {
            ex.sendResponseHeaders(200, query.length);
            try (var out = ex.getResponseBody()) {
                out.write(query);
            }
        });
        server.start();
        try {
            JsonPath byUrl = given().contentType("application/json")
                    .body(Map.of("image", Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/q.png"), "k", 3, "explain", "none"))
                    .when().post("/search").then().statusCode(200).extract().jsonPath();
            assertEquals("class-2", byUrl.getString("hits[0].metadata.category"));
            given().contentType("application/json")
                    .body(Map.of("image", Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/none.png?key=SECRET")))
                    .when().post("/search").then().statusCode(400).body("error", equalTo("URL_UNREACHABLE"))
                    .body("message", equalTo("image URL http://127.0.0.1:" + server.getAddress().getPort() + "/none.png?… could not be fetched"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whenEverySearchFetchPermitIsTakenAUrlSearchIsAnswered503AtOnceWhileAnUploadSearchStillAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/slow.png", ex -> {
            arrived.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        ExecutorService clients = Executors.newFixedThreadPool(KafkaTestResource.SEARCH_FETCH_PERMITS);
        Map<String, Object> slow = Map.of("image", Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/slow.png"));
        try {
            List<Future<Integer>> holding = new ArrayList<>();
            for (int i = 0; i < KafkaTestResource.SEARCH_FETCH_PERMITS; i++) {
                holding.add(clients.submit(() -> given().contentType("application/json").body(slow).when().post("/search").statusCode()));
            }
            await().atMost(Duration.ofSeconds(10)).failFast("a search that should hold a permit ended", () -> {
                for (Future<Integer> f : holding) {
                    if (f.isDone()) {
                        throw new AssertionError("it answered HTTP " + f.get());
                    }
                }
            }).until(() -> arrived.get() == KafkaTestResource.SEARCH_FETCH_PERMITS);

            given().contentType("application/json").body(slow).when().post("/explain").then().statusCode(503)
                    .header("Retry-After", "5").body("error", equalTo("BUSY"))
                    .body("message", containsString("try again shortly"));
            given().multiPart("image", "q.png", CatalogImages.png(1, 106), "image/png").queryParam("k", 2).queryParam("explain", "none")
                    .when().post("/search").then().statusCode(200);
            assertEquals(KafkaTestResource.SEARCH_FETCH_PERMITS, arrived.get(), "the refused search fetched nothing");

            release.countDown();
            for (Future<Integer> f : holding) {
                assertEquals(400, f.get(30, TimeUnit.SECONDS), "a held search ends as unfetchable when its server answers 404");
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void similarItemsExcludeTheItemAndExplainFromTheStoredBases() throws Exception {
        String id = id(1, 0);
        JsonPath json = given().queryParam("k", 4).queryParam("explain", "both").when().get("/items/" + id + "/similar")
                .then().statusCode(200).extract().jsonPath();
        List<String> ids = json.getList("hits.id");
        assertEquals(4, ids.size());
        assertTrue(!ids.contains(id), "the item itself is not its own neighbour");
        assertEquals(id, json.getString("query.itemId"));
        // The query-side heatmap of an item query comes from its stored basis: equal to the core's up to its 12-bit values.
        var item = index.get(id).orElseThrow();
        var hit = index.get(ids.get(0)).orElseThrow();
        Grid expected = explainer.explain(explainer.analyze(CatalogImages.png(1, 0)), Proxy.singlePoint(hit.embedding()), CamOptions.DEFAULT)
                .normalized();
        assertGrid(expected, json.getList("hits[0].onQuery.grid.values", Float.class), 1e-2);
        assertNotNull(item.basis());
        png(json.getString("hits[0].onQuery.heatmapUrl"));
        assertEquals("/items/" + id + "/image", json.getString("query.imageUrl"), "an item query's image is the item's");
        String overlayUrl = json.getString("hits[0].onQuery.overlayUrl");
        assertTrue(overlayUrl.startsWith("/items/" + id + "/overlay.png?map="), "the query-side overlay is drawn on the query item: " + overlayUrl);
        assertOutlined(png(overlayUrl), box(json, "hits[0].onQuery"));
    }

    @Test
    void itemsAreServedWithMetadataEmbeddingAndImage() {
        String id = id(2, 3);
        given().when().get("/items/" + id).then().statusCode(200).body("id", equalTo(id)).body("metadata.category", equalTo("class-2"))
                .body("metadata.price", equalTo(13)).body("embedding.size()", equalTo(128)).body("width", equalTo(128))
                .body("hasCamBasis", equalTo(true));
        JsonPath page = given().queryParam("filter", "category=class-2").queryParam("limit", 4).queryParam("offset", 2).when().get("/items")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(PER_CLASS, page.getInt("total"));
        assertEquals(4, page.getList("items").size());
        assertTrue(page.getList("items.metadata.category").stream().allMatch("class-2"::equals));
        given().queryParam("limit", 0).when().get("/items").then().statusCode(400).body("message", containsString("limit must be"));
        given().when().get("/items/no-such-item").then().statusCode(404).body("error", equalTo("NO_SUCH_ITEM"))
                .body("message", containsString("no-such-item"));
        given().when().get("/items/no-such-item/similar").then().statusCode(404).body("error", equalTo("NO_SUCH_ITEM"));
    }

    @Test
    void explainGivesAHeatmapPerListedItemAndOneForAConcept() throws Exception {
        byte[] query = CatalogImages.png(1, 105);
        String b64 = Base64.getEncoder().encodeToString(query);
        JsonPath items = given().contentType("application/json").body(Map.of("image", Map.of("base64", b64), "ids", List.of(id(1, 1), id(3, 1))))
                .when().post("/explain").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(id(1, 1), id(3, 1)), items.getList("hits.id"), "in the order asked");
        assertNotNull(items.get("hits[1].onQuery.grid"));
        assertTrue(items.getDouble("hits[0].score") > items.getDouble("hits[1].score"), "the same-class item is more similar");

        JsonPath concept = given().contentType("application/json")
                .body(Map.of("image", Map.of("base64", b64), "concept", Map.of("filter", "category=class-1")))
                .when().post("/explain").then().statusCode(200).extract().jsonPath();
        assertEquals(PER_CLASS, concept.getInt("members"));
        assertEquals(12 * 12, concept.getList("heatmap.grid.values").size());
        png(concept.getString("heatmap.heatmapUrl"));

        JsonPath upload = given().multiPart("image", "q.png", query, "image/png").queryParam("conceptIds", id(1, 1) + "," + id(1, 2))
                .when().post("/explain").then().statusCode(200).extract().jsonPath();
        assertEquals(2, upload.getInt("members"));
        given().contentType("application/json").body(Map.of("image", Map.of("base64", b64))).when().post("/explain").then().statusCode(400)
                .body("message", containsString("neither"));
        given().contentType("application/json").body(Map.of("image", Map.of("base64", b64), "concept", Map.of("filter", "category=nothing")))
                .when().post("/explain").then().statusCode(400).body("message", containsString("no catalog item matches"));
    }

    @Test
    void badRequestsAreAnsweredWithWhatWasWrong() {
        byte[] query = CatalogImages.png(0, 106);
        given().multiPart("image", "q.png", query, "image/png").queryParam("k", 0).when().post("/search").then().statusCode(400)
                .body("error", equalTo("BAD_REQUEST")).body("message", containsString("k must be between 1 and 100"));
        given().multiPart("image", "q.png", query, "image/png").queryParam("k", "ten").when().post("/search").then().statusCode(400)
                .body("message", containsString("k must be a whole number"));
        given().multiPart("image", "q.png", query, "image/png").queryParam("explain", "maybe").when().post("/search").then().statusCode(400)
                .body("message", containsString("explain must be none, query or both"));
        given().multiPart("image", "q.png", query, "image/png").queryParam("filter", "price=5..1").when().post("/search").then().statusCode(400)
                .body("message", containsString("min > max"));
        given().multiPart("image", "q.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0}, "image/png").when().post("/search")
                .then().statusCode(400).body("error", equalTo("IMAGE_CORRUPT"));
        given().multiPart("image", "q.txt", "hello".getBytes(), "text/plain").when().post("/search").then().statusCode(415)
                .body("error", equalTo("IMAGE_UNSUPPORTED_FORMAT"));
        given().multiPart("other", "q.png", query, "image/png").when().post("/search").then().statusCode(400)
                .body("error", equalTo("MISSING_IMAGE")).body("message", containsString("form field named 'image'"));
        given().contentType("application/json").body(Map.of("image", Map.of("url", "ftp://example.com/x.png"))).when().post("/search")
                .then().statusCode(400).body("error", equalTo("URL_NOT_ALLOWED"));
        given().contentType("application/json").body(Map.of("image", Map.of("base64", "***"))).when().post("/search")
                .then().statusCode(400).body("error", equalTo("BAD_BASE64"));
        given().contentType("application/json").body(Map.of("k", 3)).when().post("/search").then().statusCode(400)
                .body("error", equalTo("MISSING_IMAGE")).body("message", containsString("\"image\""));
    }

    @Test
    void openApiSwaggerUiAndPrometheusMetricsAreServed() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/search")).body(containsString("/items/{id}/similar"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().multiPart("image", "q.png", CatalogImages.png(0, 107), "image/png").when().post("/search").then().statusCode(200);
        String metrics = given().port(management.getPort()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("camsearch_search_seconds_count{explain=\"query\",query=\"image\"", "camsearch_ingest_events_total{outcome=\"upserted\"",
                "camsearch_index_items ", "camsearch_ingest_consumer_lag ", "camsearch_ingest_partition_lag{", "camsearch_search_seconds_bucket")) {
            assertTrue(metrics.contains(name), name + " in /q/metrics");
        }
        Map<String, Double> values = new HashMap<>();
        metrics.lines().filter(l -> l.startsWith("camsearch_index_items ")).forEach(l -> values.put("items", Double.parseDouble(l.split(" ")[1])));
        assertTrue(values.get("items") >= CLASSES * PER_CLASS, "index size gauge " + values);
        assertNotEquals(null, values.get("items"));
    }

    private static BufferedImage png(String url) throws Exception {
        byte[] bytes = pngBytes(url);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, url + " is a PNG");
        return image;
    }

    private static byte[] pngBytes(String url) {
        return given().when().get(url).then().statusCode(200).contentType("image/png").extract().asByteArray();
    }

    private static Box box(JsonPath json, String heatmap) {
        return new Box(json.getInt(heatmap + ".box.x"), json.getInt(heatmap + ".box.y"), json.getInt(heatmap + ".box.width"),
                json.getInt(heatmap + ".box.height"));
    }

    /** The image is drawn at the box's unit (the original size): the box's outermost ring of pixels is the box colour. */
    private static void assertOutlined(BufferedImage png, Box box) {
        for (int x = box.x(); x < box.right(); x++) {
            for (int y : new int[] {box.y(), box.bottom() - 1}) {
                assertEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(x, y) & 0xFFFFFF, "(" + x + ", " + y + ") on " + box);
            }
        }
        for (int y = box.y(); y < box.bottom(); y++) {
            for (int x : new int[] {box.x(), box.right() - 1}) {
                assertEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(x, y) & 0xFFFFFF, "(" + x + ", " + y + ") on " + box);
            }
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static void assertGrid(Grid expected, List<Float> actual, double tolerance) {
        assertEquals(expected.values().length, actual.size());
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.values()[i], actual.get(i), tolerance, "cell " + i);
        }
    }
}
