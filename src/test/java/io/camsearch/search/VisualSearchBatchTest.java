package io.camsearch.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Proxy;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
import io.camsearch.index.MetadataFilter;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.camsearch.service.ServiceDefaults;
import io.camsearch.support.CatalogImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batches and recommendations on a real Lucene index of demo-catalog images embedded by the demo
 * model (and, where the answer must be known exactly, of vectors set by hand).
 */
class VisualSearchBatchTest {

    private static final int CLASSES = 4;
    private static final int PER_CLASS = 5;
    private static final SearchSettings SETTINGS = ServiceDefaults.search().withMaxConceptItems(1000);

    private static EmbeddingModel model;
    private static ImageExplainer explainer;
    private static CatalogIndex catalog;
    private static CatalogIndex handMade;
    private static VisualSearch search;
    private static VisualSearch handMadeSearch;

    @BeforeAll
    static void indexTheCatalog() throws Exception {
        model = Models.open(Models.DEMO);
        explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
        catalog = CatalogIndex.open(Files.createTempDirectory("batch-catalog"), 10_000);
        List<CatalogItem> items = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < PER_CLASS; i++) {
                byte[] png = CatalogImages.png(c, i);
                DecodedImage image = explainer.decode(png);
                AnalyzedImage analyzed = explainer.analyzeDecoded(List.of(image)).get(0);
                items.add(new CatalogItem(id(c, i), analyzed.features().embedding(), analyzed.features().basis(), CatalogImages.metadata(c, i),
                        Thumbnail.of(image, png, 128)));
            }
        }
        catalog.upsert(items);
        catalog.refresh();
        search = new VisualSearch(explainer, catalog, SETTINGS);
        handMade = CatalogIndex.open(Files.createTempDirectory("batch-hand-made"), 10_000);
        handMade.upsert(List.of(
                vector("liked", 1, 0, 0),
                vector("disliked", 0, 1, 0),
                // Both near the liked one; "toward-disliked" a little nearer, but on the disliked one's side.
                vector("toward-disliked", 0.8f, 0.6f, 0),
                vector("away-from-disliked", 0.78f, -0.6258f, 0),
                vector("unrelated", 0, 0, 1),
                vector("opposite", -1, 0, 0)));
        handMade.refresh();
        handMadeSearch = new VisualSearch(explainer, handMade, SETTINGS);
    }

    @AfterAll
    static void close() throws Exception {
        catalog.close();
        handMade.close();
        model.close();
    }

    private static String id(int c, int i) {
        return "c" + c + "-" + i;
    }

    private static CatalogItem vector(String id, float... values) {
        return new CatalogItem(id, values, null, Map.of());
    }

    @Test
    void itemBatchEqualsOneSimilarCallPerIdResultByResult() throws Exception {
        List<String> ids = List.of(id(0, 0), id(1, 2), id(3, 4), id(2, 1));
        BatchResult batch = search.byItems(ids, 6, MetadataFilter.parse("price=10..13"), ExplainMode.BOTH);
        assertEquals(ids.size(), batch.entries().size());
        for (int i = 0; i < ids.size(); i++) {
            SearchResult single = search.byItem(ids.get(i), 6, MetadataFilter.parse("price=10..13"), ExplainMode.BOTH);
            SearchResult batched = assertInstanceOf(BatchEntry.Answered.class, batch.entries().get(i), ids.get(i)).result();
            assertEquals(ids.get(i), batched.queryItem().orElseThrow().id(), "answered in the order asked");
            // Lucene's vector scores may round differently in the last float bit from one call to the next (SIMD paths).
            assertSameHits(single, batched, 1e-6, ids.get(i));
        }
    }

    @Test
    void anUnknownIdFailsItsOwnEntryAndTheOthersAreAnswered() throws Exception {
        BatchResult batch = search.byItems(List.of(id(0, 1), "no-such-item", id(2, 3)), 3, MetadataFilter.parse(null), ExplainMode.NONE);
        BatchEntry.Failed failed = assertInstanceOf(BatchEntry.Failed.class, batch.entries().get(1));
        assertEquals("no-such-item", assertInstanceOf(NoSuchItemException.class, failed.error()).id());
        assertSameHits(search.byItem(id(0, 1), 3, MetadataFilter.parse(null), ExplainMode.NONE),
                assertInstanceOf(BatchEntry.Answered.class, batch.entries().get(0)).result(), 1e-6, "first");
        assertSameHits(search.byItem(id(2, 3), 3, MetadataFilter.parse(null), ExplainMode.NONE),
                assertInstanceOf(BatchEntry.Answered.class, batch.entries().get(2)).result(), 1e-6, "third");
    }

    @Test
    void imageBatchEmbeddedInOnePassEqualsOneSearchPerImage() throws Exception {
        List<DecodedImage> images = List.of(explainer.decode(CatalogImages.png(1, 150)), explainer.decode(CatalogImages.png(3, 151)),
                explainer.decode(CatalogImages.png(0, 152)));
        BatchResult batch = search.byImages(images, 5, MetadataFilter.parse(null), ExplainMode.BOTH);
        assertEquals(images.size(), batch.entries().size());
        for (int i = 0; i < images.size(); i++) {
            SearchResult single = search.byImage(images.get(i), 5, MetadataFilter.parse(null), ExplainMode.BOTH);
            // One forward pass over a batch of 3 may round differently from a batch of 1, in the last float bits.
            assertSameHits(single, assertInstanceOf(BatchEntry.Answered.class, batch.entries().get(i)).result(), 1e-4, "image " + i);
        }
        assertEquals("class-3", assertInstanceOf(BatchEntry.Answered.class, batch.entries().get(1)).result().hits().get(0).item().metadata()
                .get("category"), "each image gets its own answer: the second finds its class");
    }

    @Test
    void aBatchWithKOutOfRangeIsRefusedWhole() {
        assertThrows(InvalidSearchException.class, () -> search.byItems(List.of(id(0, 0)), 0, MetadataFilter.parse(null), ExplainMode.NONE));
        assertThrows(InvalidSearchException.class, () -> search.byImages(List.of(), 101, MetadataFilter.parse(null), ExplainMode.NONE));
    }

    @Test
    void onlyPositivesSearchByTheirNormalizedMeanWithTheExamplesLeftOut() throws Exception {
        List<String> liked = List.of(id(2, 0), id(2, 3));
        List<float[]> embeddings = List.of(catalog.get(liked.get(0)).orElseThrow().embedding(), catalog.get(liked.get(1)).orElseThrow().embedding());
        float[] mean = Proxy.normalizedMean(embeddings).vector();
        SearchResult result = search.recommend(liked, List.of(), List.of(), 6, MetadataFilter.parse(null), true);
        List<Hit> expected = catalog.search(mean, 8, MetadataFilter.parse(null)).stream().filter(hit -> !liked.contains(hit.item().id())).limit(6).toList();
        assertEquals(expected.stream().map(hit -> hit.item().id()).toList(), result.hits().stream().map(hit -> hit.item().id()).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).cosine(), result.hits().get(i).cosine(), 1e-6);
        }
        assertEquals("class-2", result.hits().get(0).item().metadata().get("category"));
    }

    @Test
    void eachRecommendedHitIsExplainedWithThePositivesMeanAsProxy() throws Exception {
        List<String> liked = List.of(id(1, 0), id(1, 4));
        Proxy mean = Proxy.normalizedMean(List.of(catalog.get(liked.get(0)).orElseThrow().embedding(), catalog.get(liked.get(1)).orElseThrow().embedding()));
        SearchResult result = search.recommend(liked, List.of(id(3, 0)), List.of(), 4, MetadataFilter.parse(null), true);
        for (ExplainedHit hit : result.hits()) {
            Heatmap expected = Heatmap.of(hit.item().basis().signedMap(mean), hit.item().thumbnail().originalWidth(),
                    hit.item().thumbnail().originalHeight(), SETTINGS.threshold());
            Heatmap onHit = hit.onHit().orElseThrow();
            assertEquals(expected.peak(), onHit.peak(), 1e-9, hit.item().id());
            assertEquals(expected.token().encoded(), onHit.token().encoded(), hit.item().id());
            assertTrue(hit.onQuery().isEmpty(), "no query image to draw on");
        }
        assertTrue(search.recommend(liked, List.of(), List.of(), 4, MetadataFilter.parse(null), false).hits().stream()
                .allMatch(hit -> hit.onHit().isEmpty()), "explain off: no heatmaps");
    }

    @Test
    void aNegativeExampleMovesTheAnswerAwayFromItself() throws Exception {
        List<String> without = ids(handMadeSearch.recommend(List.of("liked"), List.of(), List.of(), 2, MetadataFilter.parse(null), false));
        assertEquals(List.of("toward-disliked", "away-from-disliked"), without);
        List<String> with = ids(handMadeSearch.recommend(List.of("liked"), List.of("disliked"), List.of(), 2, MetadataFilter.parse(null), false));
        assertEquals(List.of("away-from-disliked", "toward-disliked"), with);
    }

    @Test
    void theExamplesAreNeverAmongTheHits() throws Exception {
        List<String> hits = ids(handMadeSearch.recommend(List.of("liked"), List.of("disliked"), List.of(), 100, MetadataFilter.parse(null), false));
        assertEquals(List.of("away-from-disliked", "toward-disliked", "unrelated", "opposite"), hits);
        List<String> catalogHits = ids(search.recommend(List.of(id(0, 0), id(0, 1)), List.of(id(1, 0)), List.of(), 100, MetadataFilter.parse(null), false));
        assertEquals(CLASSES * PER_CLASS - 3, catalogHits.size());
        assertFalse(catalogHits.contains(id(0, 0)) || catalogHits.contains(id(0, 1)) || catalogHits.contains(id(1, 0)), catalogHits.toString());
    }

    @Test
    void aPositiveImageCountsLikeTheItemItWasIndexedFrom() throws Exception {
        DecodedImage image = explainer.decode(CatalogImages.png(3, 2));
        assertEquals(ids(search.recommend(List.of(id(3, 2)), List.of(), List.of(), 5, MetadataFilter.parse(null), false)).subList(0, 4),
                ids(search.recommend(List.of(), List.of(), List.of(image), 5, MetadataFilter.parse(null), false)).subList(1, 5),
                "the image finds the item it was indexed from first, then the same items as the item");
    }

    @Test
    void examplesThatCancelOutOrNameNoItemAreRefused() {
        InvalidSearchException cancelled = assertThrows(InvalidSearchException.class, () -> handMadeSearch.recommend(List.of("liked", "opposite"),
                List.of(), List.of(), 2, MetadataFilter.parse(null), false));
        assertTrue(cancelled.getMessage().contains("no direction"), cancelled.getMessage());
        NoSuchItemException unknown = assertThrows(NoSuchItemException.class, () -> handMadeSearch.recommend(List.of("liked"), List.of("gone"),
                List.of(), 2, MetadataFilter.parse(null), false));
        assertEquals("gone", unknown.id());
        assertThrows(InvalidSearchException.class, () -> handMadeSearch.recommend(List.of(), List.of("disliked"), List.of(), 2,
                MetadataFilter.parse(null), false), "negatives alone say nothing to move toward");
    }

    private static List<String> ids(SearchResult result) {
        return result.hits().stream().map(hit -> hit.item().id()).toList();
    }

    private static void assertSameHits(SearchResult expected, SearchResult actual, double tolerance, String what) {
        assertEquals(expected.hits().stream().map(hit -> hit.item().id()).toList(), actual.hits().stream().map(hit -> hit.item().id()).toList(), what);
        assertEquals(expected.explain(), actual.explain(), what);
        for (int i = 0; i < expected.hits().size(); i++) {
            ExplainedHit e = expected.hits().get(i);
            ExplainedHit a = actual.hits().get(i);
            assertEquals(e.rank(), a.rank(), what);
            assertEquals(e.cosine(), a.cosine(), tolerance, what + " hit " + i);
            assertSameHeatmap(e.onQuery(), a.onQuery(), tolerance, what + " hit " + i + " on the query");
            assertSameHeatmap(e.onHit(), a.onHit(), tolerance, what + " hit " + i + " on the hit");
        }
    }

    private static void assertSameHeatmap(Optional<Heatmap> expected, Optional<Heatmap> actual, double tolerance, String what) {
        assertEquals(expected.isPresent(), actual.isPresent(), what);
        if (expected.isEmpty()) {
            return;
        }
        assertEquals(expected.get().peak(), actual.get().peak(), tolerance * Math.max(1, expected.get().peak()), what);
        float[] e = expected.get().normalized().values();
        float[] a = actual.get().normalized().values();
        if (tolerance < 1e-5) {
            // Item queries: the same stored embeddings and bases, so the same maps.
            assertArrayEquals(e, a, what);
        } else {
            assertEquals(e.length, a.length, what);
            for (int i = 0; i < e.length; i++) {
                // The token quantizes the map: one step of it at most.
                assertEquals(e[i], a[i], 0.01, what + " cell " + i);
            }
        }
        assertNotEquals(0, e.length, what);
    }
}
