package io.camsearch.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.camsearch.client.Answers.ConceptAnswer;
import io.camsearch.client.Answers.Explain;
import io.camsearch.client.Answers.Hit;
import io.camsearch.client.Answers.ItemPage;
import io.camsearch.client.Answers.SearchAnswer;
import io.camsearch.client.Answers.SearchOptions;
import io.camsearch.index.CatalogIndex;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client against the real application on its random port: items published through the
 * real broker and indexed by the real model, then searched, walked and explained through the client.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class CamsearchClientTest {

    /** Classes no other test on this app searches (it shares the index), so that searches elsewhere stay right. */
    private static final int FIRST_CLASS = 30;
    private static final int CLASSES = 3;
    private static final int PER_CLASS = 4;
    private static final String FILTER = "suite=client";
    private static boolean published;

    @TestHTTPResource("/")
    URL service;

    @Inject
    CatalogIndex index;

    private CamsearchClient client;

    @BeforeEach
    void publishCatalogOnce() throws Exception {
        client = CamsearchClient.builder(service.toURI()).build();
        if (published) {
            return;
        }
        List<String> ids = new ArrayList<>();
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            for (int c = 0; c < CLASSES; c++) {
                for (int i = 0; i < PER_CLASS; i++) {
                    Map<String, Object> metadata = new java.util.LinkedHashMap<>(CatalogImages.metadata(FIRST_CLASS + c, i));
                    metadata.put("suite", "client");
                    publisher.upsert(id(c, i), CatalogImages.png(FIRST_CLASS + c, i), metadata);
                    ids.add(id(c, i));
                }
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> present(id)));
        published = true;
    }

    private boolean present(String id) {
        try {
            return index.get(id).isPresent();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String id(int c, int i) {
        return "cl-" + c + "-" + i;
    }

    /** Read your writes through the client: the tokens the publisher's acknowledgements give, sent in a query string and in a JSON body. */
    @Test
    void searchesCarryingThePublishersTokensSeeItsWrites() throws Exception {
        String id = "cl-ryw-" + System.nanoTime();
        List<WriteToken> written;
        try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
            publisher.upsert(id, CatalogImages.png(FIRST_CLASS, 150), Map.of("suite", "client-ryw"));
            written = publisher.flush();
        }
        SearchOptions consistent = SearchOptions.DEFAULT.withExplain(Explain.NONE).withConsistency(written).withConsistencyWait(Duration.ofSeconds(60));

        assertEquals(id, client.similar(id, consistent).query().itemId(), "GET, tokens in the query string");
        assertNull(client.similar(List.of(id), consistent).results().get(0).error(), "POST, tokens in the JSON body");
        CamsearchApiException timeout = assertThrows(CamsearchApiException.class, () -> client.similar(id,
                consistent.withConsistency(List.of(WriteToken.upsert(id, written.get(0).partition(), written.get(0).offset() + 1_000_000)))
                        .withConsistencyWait(Duration.ofMillis(200))));
        assertEquals(503, timeout.status());
        assertEquals("CONSISTENCY_TIMEOUT", timeout.code());
    }

    @Test
    void anUploadedImageFindsItsClassWithHeatmapsWhosePngsAreTheExplainedImagesSize() throws Exception {
        byte[] query = CatalogImages.png(FIRST_CLASS + 1, 140);
        SearchAnswer answer = client.search(query, SearchOptions.DEFAULT.withK(3).withFilter(FILTER).withExplain(Explain.BOTH));
        assertEquals(3, answer.hits().size());
        Hit top = answer.hits().get(0);
        assertTrue(top.id().startsWith("cl-1-"), "the nearest item is of the query's class: " + top.id());
        assertEquals("class-" + (FIRST_CLASS + 1), top.metadata().get("category"));
        assertEquals(1, top.rank());
        assertTrue(top.score() >= answer.hits().get(2).score(), "best first");
        assertEquals("both", answer.explain());
        assertEquals(12 * 12, top.onQuery().grid().values().length);
        assertNull(top.onQuery().overlayUrl(), "an uploaded query image is not kept, so it has no overlay");
        if (top.onQuery().score() > 0) {
            // Shares of the positive regions, largest first; with the negative cells' (below zero) they add up to 1.
            List<Double> shares = top.onQuery().regions().stream().map(Answers.Region::share).toList();
            assertFalse(shares.isEmpty(), "a positive score has a positive region");
            assertTrue(shares.stream().allMatch(share -> share > 0), "regions carry shares of the score: " + shares);
            assertEquals(shares.stream().sorted(java.util.Comparator.reverseOrder()).toList(), shares, "largest share first");
        }
        assertEquals(top.onQuery().regions().isEmpty(), top.matchesOnHit() == null, "a match starts from the query's top region");
        BufferedImage heatmap = ImageIO.read(new ByteArrayInputStream(client.heatmapPng(top.onQuery())));
        assertEquals(answer.query().width(), heatmap.getWidth(), "drawn at the query's size");
        BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(client.overlayPng(top.onHit())));
        assertEquals(128, overlay.getWidth(), "drawn over the hit's thumbnail");
        assertThrows(IllegalArgumentException.class, () -> client.overlayPng(top.onQuery()));
    }

    @Test
    void aSearchByUrlFindsWhatTheSameImageUploadedFinds() throws Exception {
        byte[] query = CatalogImages.png(FIRST_CLASS + 2, 141);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, query.length);
            exchange.getResponseBody().write(query);
            exchange.close();
        });
        server.start();
        try {
            SearchOptions options = SearchOptions.DEFAULT.withK(4).withFilter(FILTER).withExplain(Explain.NONE);
            SearchAnswer byUrl = client.searchByUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/q.png", options);
            SearchAnswer byUpload = client.search(query, options);
            assertEquals(byUpload.hits().stream().map(Hit::id).toList(), byUrl.hits().stream().map(Hit::id).toList());
            assertTrue(byUrl.hits().get(0).id().startsWith("cl-2-"), byUrl.hits().get(0).id());
            assertNull(byUrl.hits().get(0).onQuery(), "explain none: no heatmaps");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void similarItemsExcludeTheItemAndItemsCarryTheirEmbedding() throws Exception {
        SearchAnswer similar = client.similar(id(0, 0), SearchOptions.DEFAULT.withK(3).withFilter(FILTER));
        List<String> ids = similar.hits().stream().map(Hit::id).toList();
        assertEquals(3, ids.size());
        assertFalse(ids.contains(id(0, 0)), "the item is not its own neighbour");
        assertEquals(id(0, 0), similar.query().itemId());
        assertTrue(ids.get(0).startsWith("cl-0-"), "its nearest neighbour is of its class: " + ids);
        Answers.Item item = client.item(id(0, 0));
        assertArrayEquals(index.get(id(0, 0)).orElseThrow().embedding(), item.embedding(), 0f);
        assertEquals("client", item.metadata().get("suite"));
        assertTrue(item.hasCamBasis());
    }

    @Test
    void aBatchOfSimilarItemsAnswersAsTheSingleCallsDoAndAnUnknownIdIsItsOwnEntrysError() throws Exception {
        SearchOptions options = SearchOptions.DEFAULT.withK(3).withFilter(FILTER);
        Answers.ItemsBatchAnswer batch = client.similar(List.of(id(1, 0), "no-such-item", id(2, 1)), options);
        assertEquals(3, batch.results().size());
        assertEquals(List.of(id(1, 0), "no-such-item", id(2, 1)), batch.results().stream().map(Answers.ItemEntry::id).toList());
        for (int entry : new int[] {0, 2}) {
            String id = batch.results().get(entry).id();
            assertEquals(client.similar(id, options).hits().stream().map(Hit::id).toList(),
                    batch.results().get(entry).result().hits().stream().map(Hit::id).toList(), "entry " + entry + " equals the single call");
        }
        assertEquals("NO_SUCH_ITEM", batch.results().get(1).error().code());
        assertEquals(404, batch.results().get(1).error().status());
    }

    @Test
    void aBatchOfImagesFindsEachImagesClassAndRecommendExcludesItsExamples() throws Exception {
        SearchOptions options = SearchOptions.DEFAULT.withK(2).withFilter(FILTER);
        Answers.ImagesBatchAnswer images = client.searchBatch(List.of(CatalogImages.png(FIRST_CLASS, 150), CatalogImages.png(FIRST_CLASS + 2, 151)), options);
        assertEquals(List.of(0, 1), images.results().stream().map(Answers.ImageEntry::index).toList());
        assertTrue(images.results().get(0).result().hits().get(0).id().startsWith("cl-0-"), images.results().get(0).result().hits().toString());
        assertTrue(images.results().get(1).result().hits().get(0).id().startsWith("cl-2-"), images.results().get(1).result().hits().toString());

        Answers.RecommendAnswer liked = client.recommend(List.of(id(1, 0), id(1, 1)), List.of(id(0, 0)), 2, FILTER);
        assertEquals(2, liked.positives());
        assertEquals(1, liked.negatives());
        List<String> ids = liked.hits().stream().map(Hit::id).toList();
        assertEquals(2, ids.size());
        assertFalse(ids.contains(id(1, 0)) || ids.contains(id(1, 1)) || ids.contains(id(0, 0)), "examples are not recommended: " + ids);
        assertTrue(ids.stream().allMatch(id -> id.startsWith("cl-1-")), "more like the liked class: " + ids);
        assertTrue(liked.hits().get(0).onHit() != null, "each hit shows what it shares with the positives");
    }

    @Test
    void allItemsWalksEveryPageOnceInIdOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < PER_CLASS; i++) {
                expected.add(id(c, i));
            }
        }
        assertEquals(expected, client.allItems(FILTER, 5).map(Answers.ItemSummary::id).toList(), "3 pages of 5, 5, 2");
        ItemPage first = client.items(FILTER, 5);
        assertEquals(CLASSES * PER_CLASS, first.total());
        assertNotNull(first.next());
        ItemPage second = client.itemsAfter(FILTER, first.next(), 5);
        assertEquals(expected.subList(5, 10), second.items().stream().map(Answers.ItemSummary::id).toList());
        assertNull(second.offset());
        assertEquals(List.of(), client.allItems("suite=nothing", 5).toList());
    }

    @Test
    void explainGivesAHeatmapPerItemAndOneForAConcept() throws Exception {
        byte[] query = CatalogImages.png(FIRST_CLASS + 2, 142);
        SearchAnswer items = client.explain(query, List.of(id(2, 1), id(0, 1)));
        assertEquals(List.of(id(2, 1), id(0, 1)), items.hits().stream().map(Hit::id).toList(), "in the order asked");
        assertTrue(items.hits().get(0).score() > items.hits().get(1).score(), "the same-class item is more similar");
        ConceptAnswer byFilter = client.explainConcept(query, FILTER + ";category=class-" + (FIRST_CLASS + 2));
        assertEquals(PER_CLASS, byFilter.members());
        assertEquals(12 * 12, byFilter.heatmap().grid().values().length);
        ImageIO.read(new ByteArrayInputStream(client.heatmapPng(byFilter.heatmap())));
        assertEquals(2, client.explainConcept(query, List.of(id(2, 1), id(2, 2))).members());
    }

    @Test
    void errorsCarryTheApisCodeAndMessage() {
        CamsearchApiException missing = assertThrows(CamsearchApiException.class, () -> client.item("cl-no-such"));
        assertEquals(404, missing.status());
        assertEquals("NO_SUCH_ITEM", missing.code());
        assertTrue(missing.getMessage().contains("cl-no-such"), missing.getMessage());
        CamsearchApiException k = assertThrows(CamsearchApiException.class, () -> client.similar(id(0, 0), SearchOptions.DEFAULT.withK(0)));
        assertEquals(400, k.status());
        assertTrue(k.getMessage().contains("k must be between 1 and"), k.getMessage());
        CamsearchApiException cursor = assertThrows(CamsearchApiException.class, () -> client.itemsAfter(null, "not-a-cursor", 5));
        assertEquals("BAD_CURSOR", cursor.code());
        CamsearchApiException image = assertThrows(CamsearchApiException.class, () -> client.search("hello".getBytes(), SearchOptions.DEFAULT));
        assertEquals(415, image.status());
        assertEquals("IMAGE_UNSUPPORTED_FORMAT", image.code());
        assertNull(image.errorId(), "only a 500 carries an error id");
        assertThrows(IllegalArgumentException.class, () -> CamsearchClient.builder(URI.create("ftp://localhost/")));
    }
}
