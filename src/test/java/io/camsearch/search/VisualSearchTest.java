package io.camsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Grid;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.Vectors;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.MetadataFilter;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.camsearch.service.ServiceDefaults;
import io.camsearch.support.CatalogImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VisualSearch} on real parts: the shipped demo model, a Lucene index in a temporary
 * directory holding catalog images embedded by that model (as ingestion stores them: embedding,
 * CAM basis, metadata, thumbnail), and a scripted clock, so that a result's timings are exact.
 */
class VisualSearchTest {

    private static final int CLASSES = 4;
    private static final int PER_CLASS = 5;
    private static final int MAX_K = 10;
    private static final int MAX_CONCEPT_ITEMS = 3;
    private static final SearchSettings SETTINGS = ServiceDefaults.search().withMaxK(MAX_K).withHeatmapMaxSide(256).withMaxConceptItems(MAX_CONCEPT_ITEMS);
    /** The catalog images, without the one item indexed with neither basis nor image. */
    private static final MetadataFilter CATALOG = MetadataFilter.parse("category=class-0,class-1,class-2,class-3");
    /** The clock starts far from zero, so that a timing taken from the absolute value rather than a difference would show. */
    private static final long T0 = 7_000_000_000L;

    @TempDir
    static Path dir;

    private static EmbeddingModel model;
    private static ImageExplainer explainer;
    private static CatalogIndex index;

    @BeforeAll
    static void indexTheCatalog() throws IOException {
        model = Models.open(Models.DEMO);
        explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
        index = CatalogIndex.open(dir, 50);
        List<byte[]> pngs = new ArrayList<>();
        List<DecodedImage> decoded = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < PER_CLASS; i++) {
                byte[] png = CatalogImages.png(c, i);
                pngs.add(png);
                decoded.add(explainer.decode(png));
            }
        }
        List<AnalyzedImage> analyzed = explainer.analyzeDecoded(decoded);
        List<CatalogItem> items = new ArrayList<>();
        for (int n = 0; n < analyzed.size(); n++) {
            int c = n / PER_CLASS;
            int i = n % PER_CLASS;
            var features = analyzed.get(n).features();
            items.add(new CatalogItem(id(c, i), features.embedding(), features.basis(), CatalogImages.metadata(c, i),
                    Thumbnail.of(decoded.get(n), pngs.get(n), 64)));
        }
        // An item as the benchmarks index them: an embedding alone, no basis and no image.
        items.add(new CatalogItem("bare", analyzed.get(0).features().embedding(), null, Map.of("category", "bare")));
        index.upsert(items);
        index.refresh();
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
        model.close();
    }

    // --- timings come from the clock ---

    @Test
    void anImageSearchTimesEmbeddingSearchAndExplainingFromTheClock() throws IOException {
        ScriptedClock clock = new ScriptedClock(2_500_000, 750_000, 4_000_000);
        SearchResult result = search(clock).byImage(query(1, 0), 3, MetadataFilter.NONE, ExplainMode.BOTH);
        assertEquals(new SearchResult.Timings(2.5, 0.75, 4.0), result.timings());
        assertEquals(4, clock.reads(), "start, embedded, searched, explained");
    }

    @Test
    void anItemSearchTimesTheLookupAsItsEmbeddingStep() throws IOException {
        ScriptedClock clock = new ScriptedClock(125_000, 1_000_000, 33_000_000);
        SearchResult result = search(clock).byItem(id(2, 1), 3, MetadataFilter.NONE, ExplainMode.BOTH);
        assertEquals(new SearchResult.Timings(0.125, 1.0, 33.0), result.timings());
        assertEquals(4, clock.reads());
    }

    @Test
    void anExplanationAndAConceptAreTimedFromTheClock() throws IOException {
        ScriptedClock items = new ScriptedClock(9_000_000, 10_000, 1_500_000);
        assertEquals(new SearchResult.Timings(9.0, 0.01, 1.5),
                search(items).explainItems(query(0, 0), List.of(id(0, 1), id(3, 2))).timings());
        ScriptedClock concept = new ScriptedClock(6_000_000, 200_000, 800_000);
        assertEquals(new SearchResult.Timings(6.0, 0.2, 0.8),
                search(concept).explainConcept(query(0, 0), List.of(), MetadataFilter.term("category", "class-3")).timings());
    }

    @Test
    void theServicesConstructorReadsTheSystemClock() throws IOException {
        SearchResult.Timings t = new VisualSearch(explainer, index, SETTINGS).byImage(query(1, 0), 2, MetadataFilter.NONE, ExplainMode.QUERY)
                .timings();
        assertTrue(t.embedMillis() > 0 && t.searchMillis() > 0 && t.explainMillis() > 0, t.toString());
    }

    // --- k, ranks and similarities ---

    @ParameterizedTest
    @ValueSource(ints = {1, 4, MAX_K})
    void anImageSearchAnswersKHitsRankedByCosine(int k) throws IOException {
        DecodedImage image = query(2, 3);
        SearchResult result = search().byImage(image, k, MetadataFilter.NONE, ExplainMode.NONE);
        assertEquals(k, result.hits().size());
        float[] q = explainer.analyzeDecoded(List.of(image)).get(0).features().embedding();
        for (int r = 0; r < k; r++) {
            ExplainedHit hit = result.hits().get(r);
            assertEquals(r + 1, hit.rank());
            assertEquals(cosine(q, hit.item().embedding()), hit.cosine(), 1e-5, "the cosine of query and stored embedding");
            if (r > 0) {
                assertTrue(hit.cosine() <= result.hits().get(r - 1).cosine() + 1e-6, "best first");
            }
        }
        assertEquals(id(2, 3), result.hits().get(0).item().id(), "an indexed image finds itself first");
        assertEquals(1.0, result.hits().get(0).cosine(), 1e-4);
        assertEquals(128, result.queryWidth());
        assertEquals(128, result.queryHeight());
        assertTrue(result.queryItem().isEmpty());
    }

    @Test
    void anItemSearchLeavesTheItemItselfOutAndStillAnswersK() throws IOException {
        SearchResult result = search().byItem(id(1, 2), 5, MetadataFilter.NONE, ExplainMode.QUERY);
        assertEquals(5, result.hits().size());
        assertTrue(result.hits().stream().noneMatch(h -> h.item().id().equals(id(1, 2))));
        assertEquals(id(1, 2), result.queryItem().orElseThrow().id());
        float[] q = index.get(id(1, 2)).orElseThrow().embedding();
        for (ExplainedHit hit : result.hits()) {
            assertEquals(cosine(q, hit.item().embedding()), hit.cosine(), 1e-5);
        }
        assertEquals(List.of(1, 2, 3, 4, 5), result.hits().stream().map(ExplainedHit::rank).toList());
    }

    // --- filters ---

    @Test
    void aSelectiveFilterStillGivesKHitsAllOfWhichMatch() throws IOException {
        SearchResult result = search().byImage(query(0, 0), PER_CLASS, MetadataFilter.term("category", "class-3"), ExplainMode.NONE);
        assertEquals(PER_CLASS, result.hits().size(), "every item of the class, although none is near the query's class");
        assertTrue(result.hits().stream().allMatch(h -> "class-3".equals(h.item().metadata().get("category"))));
    }

    @Test
    void aRangeAndATermFilterTogetherKeepOnlyItemsMatchingBoth() throws IOException {
        // Prices are 10 + index: 11..12 keeps indexes 1 and 2 of each class; two classes leave four items.
        MetadataFilter filter = MetadataFilter.parse("price=11..12;category=class-0,class-2");
        SearchResult result = search().byImage(query(1, 1), MAX_K, filter, ExplainMode.NONE);
        assertEquals(List.of(id(0, 1), id(0, 2), id(2, 1), id(2, 2)),
                result.hits().stream().map(h -> h.item().id()).sorted().toList());
    }

    @Test
    void aFilterThatMatchesNothingAnswersNoHit() throws IOException {
        SearchResult result = search().byImage(query(1, 1), 3, MetadataFilter.term("category", "class-99"), ExplainMode.BOTH);
        assertEquals(List.of(), result.hits());
    }

    @Test
    void anItemSearchAppliesTheFilterToo() throws IOException {
        SearchResult result = search().byItem(id(0, 0), MAX_K, MetadataFilter.parse("category=class-0"), ExplainMode.NONE);
        assertEquals(PER_CLASS - 1, result.hits().size(), "its class but itself");
    }

    // --- explain modes ---

    @ParameterizedTest
    @EnumSource(ExplainMode.class)
    void theModeDecidesWhichHeatmapsEachHitCarries(ExplainMode mode) throws IOException {
        SearchResult result = search().byImage(query(3, 4), 4, CATALOG, mode);
        assertEquals(mode, result.explain());
        for (ExplainedHit hit : result.hits()) {
            assertEquals(mode.onQuery(), hit.onQuery().isPresent(), mode + ": heatmap on the query");
            assertEquals(mode.onHit(), hit.onHit().isPresent(), mode + ": heatmap on the hit");
        }
    }

    @Test
    void theQueryHeatmapOfAHitIsTheCamOfTheQueryForTheHitsEmbedding() throws IOException {
        DecodedImage image = query(1, 4);
        SearchResult result = search().byImage(image, 3, CATALOG, ExplainMode.BOTH);
        AnalyzedImage analyzed = explainer.analyzeDecoded(List.of(image)).get(0);
        for (ExplainedHit hit : result.hits()) {
            Heatmap onQuery = hit.onQuery().orElseThrow();
            Grid signed = analyzed.features().signedMap(Proxy.singlePoint(hit.item().embedding()));
            assertEquals(signed.relu().max(), onQuery.peak(), 1e-4 * Math.max(1, signed.relu().max()), "the map's peak before normalizing");
            assertEquals(128, onQuery.token().imageWidth());
            assertEquals(128, onQuery.token().imageHeight());
            assertEquals(signed.height(), onQuery.normalized().height());
            assertEquals(signed.width(), onQuery.normalized().width());
            assertEquals(1.0, onQuery.normalized().max(), 0.01, "normalized to [0, 1]");
            Heatmap onHit = hit.onHit().orElseThrow();
            assertEquals(hit.item().thumbnail().originalWidth(), onHit.token().imageWidth(), "drawn over the hit's original size");
        }
    }

    @Test
    void anItemWithoutBasisOrImageIsFoundButExplainedOnTheQueryOnly() throws IOException {
        SearchResult result = search().byImage(query(0, 0), 2, MetadataFilter.term("category", "bare"), ExplainMode.BOTH);
        ExplainedHit bare = result.hits().get(0);
        assertEquals("bare", bare.item().id());
        assertTrue(bare.onQuery().isPresent());
        assertTrue(bare.onHit().isEmpty(), "no basis stored: no heatmap on the hit");
    }

    @Test
    void searchingByAnItemWithoutBasisOrImageExplainsNothing() throws IOException {
        SearchResult result = search().byItem("bare", 2, MetadataFilter.NONE, ExplainMode.BOTH);
        assertEquals(ExplainMode.NONE, result.explain());
        assertEquals(0, result.queryWidth());
        assertTrue(result.hits().stream().allMatch(h -> h.onQuery().isEmpty() && h.onHit().isEmpty()));
        assertEquals(id(0, 0), result.hits().get(0).item().id(), "its embedding is that of the first catalog image");
    }

    @Test
    void explainingListedItemsAnswersThemInTheListedOrderWithBothHeatmaps() throws IOException {
        DecodedImage image = query(2, 0);
        List<String> ids = List.of(id(3, 3), id(2, 0), id(0, 4));
        SearchResult result = search().explainItems(image, ids);
        assertEquals(ids, result.hits().stream().map(h -> h.item().id()).toList());
        assertEquals(ExplainMode.BOTH, result.explain());
        float[] q = explainer.analyzeDecoded(List.of(image)).get(0).features().embedding();
        for (ExplainedHit hit : result.hits()) {
            assertEquals(cosine(q, hit.item().embedding()), hit.cosine(), 1e-5);
            assertTrue(hit.onQuery().isPresent() && hit.onHit().isPresent());
        }
    }

    @Test
    void aConceptOfAFilterAveragesAtMostTheCapAndCountsEveryMatch() throws IOException {
        DecodedImage image = query(1, 0);
        ConceptResult result = search().explainConcept(image, List.of(), MetadataFilter.term("category", "class-1"));
        assertEquals(MAX_CONCEPT_ITEMS, result.members());
        assertEquals(PER_CLASS, result.matched());
        assertEquals(128, result.heatmap().token().imageWidth());
        assertTrue(result.cosine() > -1 && result.cosine() <= 1);
    }

    @Test
    void aConceptOfListedItemsIsTheirNormalizedMeanProxy() throws IOException {
        DecodedImage image = query(1, 0);
        List<String> ids = List.of(id(1, 1), id(1, 2));
        ConceptResult result = search().explainConcept(image, ids, MetadataFilter.NONE);
        assertEquals(2, result.members());
        assertEquals(2, result.matched());
        Proxy proxy = Proxy.normalizedMean(List.of(index.get(ids.get(0)).orElseThrow().embedding(), index.get(ids.get(1)).orElseThrow().embedding()));
        AnalyzedImage analyzed = explainer.analyzeDecoded(List.of(image)).get(0);
        assertEquals(cosine(analyzed.features().embedding(), proxy.vector()), result.cosine(), 1e-5);
        assertEquals(analyzed.features().signedMap(proxy).relu().max(), result.heatmap().peak(), 1e-4);
    }

    // --- bad input ---

    @ParameterizedTest
    @ValueSource(ints = {0, -1, MAX_K + 1})
    void aKOutOfRangeIsRefusedBeforeAnyWork(int k) {
        ScriptedClock clock = new ScriptedClock();
        VisualSearch search = search(clock);
        String expected = "k must be between 1 and " + MAX_K + ", got " + k;
        assertEquals(expected, assertThrows(InvalidSearchException.class,
                () -> search.byImage(query(0, 0), k, MetadataFilter.NONE, ExplainMode.QUERY)).getMessage());
        assertEquals(expected, assertThrows(InvalidSearchException.class,
                () -> search.byItem(id(0, 0), k, MetadataFilter.NONE, ExplainMode.QUERY)).getMessage());
        assertEquals(0, clock.reads(), "refused before the model or the index ran");
    }

    @Test
    void anUnknownItemIsNamedWhereverAnItemIsAskedFor() {
        VisualSearch search = search();
        for (var call : List.<Call>of(
                () -> search.byItem("nope", 3, MetadataFilter.NONE, ExplainMode.QUERY),
                () -> search.explainItems(query(0, 0), List.of(id(0, 1), "nope")),
                () -> search.explainConcept(query(0, 0), List.of("nope"), MetadataFilter.NONE),
                () -> search.overlayOnItem("nope", search.byImage(query(0, 0), 1, MetadataFilter.NONE, ExplainMode.QUERY)
                        .hits().get(0).onQuery().orElseThrow().token(), 0.5))) {
            NoSuchItemException e = assertThrows(NoSuchItemException.class, call::run);
            assertEquals("nope", e.id());
            assertEquals("no catalog item with id 'nope'", e.getMessage());
        }
    }

    @Test
    void explainingNoItemOrMoreThanKItemsIsRefusedBeforeAnyWork() {
        ScriptedClock clock = new ScriptedClock();
        VisualSearch search = search(clock);
        assertEquals("explain needs 1 to 10 item ids, got 0",
                assertThrows(InvalidSearchException.class, () -> search.explainItems(query(0, 0), List.of())).getMessage());
        List<String> eleven = new ArrayList<>();
        for (int n = 0; n < MAX_K + 1; n++) {
            eleven.add(id(n % CLASSES, n % PER_CLASS));
        }
        assertEquals("explain needs 1 to 10 item ids, got 11",
                assertThrows(InvalidSearchException.class, () -> search.explainItems(query(0, 0), eleven)).getMessage());
        assertEquals(0, clock.reads());
    }

    @Test
    void aConceptNeedsItemsOrAFilterThatMatches() {
        VisualSearch search = search();
        assertEquals("a concept needs item ids or a non-empty filter", assertThrows(InvalidSearchException.class,
                () -> search.explainConcept(query(0, 0), List.of(), MetadataFilter.NONE)).getMessage());
        assertEquals("no catalog item matches the concept's filter", assertThrows(InvalidSearchException.class,
                () -> search.explainConcept(query(0, 0), List.of(), MetadataFilter.term("category", "class-99"))).getMessage());
        assertEquals("a concept may list at most 3 items, got 4", assertThrows(InvalidSearchException.class,
                () -> search.explainConcept(query(0, 0), List.of(id(0, 0), id(0, 1), id(0, 2), id(0, 3)), MetadataFilter.NONE)).getMessage());
    }

    // --- helpers ---

    private interface Call {
        void run() throws Exception;
    }

    private static VisualSearch search() {
        return new VisualSearch(explainer, index, SETTINGS);
    }

    private static VisualSearch search(LongSupplier clock) {
        return new VisualSearch(explainer, index, SETTINGS, clock);
    }

    private static String id(int classId, int index) {
        return "c" + classId + "-" + index;
    }

    private static DecodedImage query(int classId, int index) {
        return explainer.decode(CatalogImages.png(classId, index));
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(Vectors.normalized(a), Vectors.normalized(b));
    }

    /**
     * A clock that starts at {@link #T0} and moves on by the next scripted step at each read after
     * the first; a read past the script fails, so a test also proves how often the clock is read.
     */
    private static final class ScriptedClock implements LongSupplier {

        private final long[] steps;
        private long now = T0;
        private int reads;

        ScriptedClock(long... stepsNanos) {
            this.steps = stepsNanos;
        }

        @Override
        public long getAsLong() {
            if (reads > 0) {
                assertTrue(reads <= steps.length, "the clock was read " + (reads + 1) + " times; the script has " + (steps.length + 1));
                now += steps[reads - 1];
            }
            reads++;
            return now;
        }

        int reads() {
            return reads;
        }
    }
}
