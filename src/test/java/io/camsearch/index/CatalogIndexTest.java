package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog index on a real Lucene directory: upserts, deletes, filters, commits with offsets, reopening. */
class CatalogIndexTest {

    private static final int DIM = 16;
    private static final String[] COLOURS = {"red", "green", "blue"};

    @TempDir
    Path dir;

    @Test
    void everyUpsertedItemIsFoundAsItsOwnNearestNeighbourWithItsStoredFields() throws IOException {
        List<CatalogItem> items = items(300, 1);
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items);
            index.refresh();
            assertEquals(300, index.size());
            for (CatalogItem item : items.subList(0, 40)) {
                Hit top = index.search(item.embedding(), 1, MetadataFilter.NONE).get(0);
                assertEquals(item.id(), top.item().id());
                assertEquals(1.0, top.cosine(), 1e-5);
                assertArrayEquals(item.embedding(), top.item().embedding(), 0f);
                assertEquals(item.metadata().get("colour"), top.item().metadata().get("colour"));
                assertEquals(((Number) item.metadata().get("price")).doubleValue(), ((Number) top.item().metadata().get("price")).doubleValue(), 0);
                Proxy p = new Proxy(items.get(0).embedding());
                assertArrayEquals(item.basis().signedMap(p).values(), top.item().basis().signedMap(p).values(), 5e-2f);
            }
        }
    }

    @Test
    void upsertReplacesByIdAndReplayChangesNothing() throws IOException {
        List<CatalogItem> items = items(50, 2);
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items);
            index.upsert(items);
            CatalogItem changed = new CatalogItem("item-7", items.get(8).embedding(), null, Map.of("colour", "gold", "price", 1.5));
            index.upsert(List.of(changed));
            index.refresh();
            assertEquals(50, index.size());
            CatalogItem stored = index.get("item-7").orElseThrow();
            assertEquals("gold", stored.metadata().get("colour"));
            assertArrayEquals(items.get(8).embedding(), stored.embedding(), 0f);
        }
    }

    @Test
    void deleteRemovesAnItemAndDeletingAnAbsentIdChangesNothing() throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items(20, 3));
            index.delete("item-3");
            index.delete("no-such-item");
            index.refresh();
            assertEquals(19, index.size());
            assertTrue(index.get("item-3").isEmpty());
            assertTrue(index.search(items(20, 3).get(3).embedding(), 19, MetadataFilter.NONE).stream()
                    .noneMatch(hit -> hit.item().id().equals("item-3")));
        }
    }

    @Test
    void filtersAreAppliedInsideTheSearchAndMatchExactFilteredSearch() throws IOException {
        List<CatalogItem> items = items(400, 4);
        MetadataFilter filter = MetadataFilter.term("colour", "red", "blue").and(MetadataFilter.range("price", 20, 60));
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items);
            index.refresh();
            float[] query = items(1, 99).get(0).embedding();
            List<Hit> hits = index.search(query, 10, filter);
            List<String> exact = items.stream()
                    .filter(item -> filter.matches(item.metadata()))
                    .sorted(Comparator.comparingDouble((CatalogItem item) -> -cosine(query, item.embedding())))
                    .limit(10).map(CatalogItem::id).toList();
            assertEquals(10, hits.size(), "a selective filter still yields k hits");
            assertTrue(hits.stream().allMatch(hit -> filter.matches(hit.item().metadata())));
            assertEquals(exact, hits.stream().map(hit -> hit.item().id()).toList());
            for (Hit hit : hits) {
                assertEquals(cosine(query, hit.item().embedding()), hit.cosine(), 1e-5);
            }
        }
    }

    @Test
    void aCommitCarriesOffsetsAndUncommittedWritesDoNotSurviveAReopen() throws IOException {
        List<CatalogItem> items = items(30, 5);
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            assertEquals(Map.of(), index.committedOffsets());
            index.upsert(items.subList(0, 20));
            index.commit(Map.of("catalog-images-0", 20L, "catalog-images-1", 7L));
            index.upsert(items.subList(20, 30));
        }
        try (CatalogIndex reopened = CatalogIndex.open(dir, 50)) {
            assertEquals(Map.of("catalog-images-0", 20L, "catalog-images-1", 7L), reopened.committedOffsets());
            assertEquals(20, reopened.size());
            assertFalse(reopened.get("item-25").isPresent());
            assertTrue(reopened.get("item-5").isPresent());
        }
    }

    @Test
    void fewerCandidatesThanKStillReturnKHitsAndZeroCandidatesIsRefused() throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 50, 1)) {
            index.upsert(items(40, 6));
            index.refresh();
            assertEquals(10, index.search(items(1, 7).get(0).embedding(), 10, MetadataFilter.NONE).size());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogIndex.open(dir.resolve("other"), 50, 0));
        assertTrue(e.getMessage().contains("candidates must be >= 1"), e.getMessage());
    }

    @Test
    void badItemsAndParametersAreRefusedWithTheReason() throws IOException {
        IllegalArgumentException metadata = assertThrows(IllegalArgumentException.class,
                () -> new CatalogItem("x", new float[] {1}, null, Map.of("tags", List.of("a"))));
        assertTrue(metadata.getMessage().contains("metadata 'tags' must be a string or a number"), metadata.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CatalogItem(" ", new float[] {1}, null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> MetadataFilter.range("price", 5, 1));
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            assertThrows(IllegalArgumentException.class, () -> index.search(new float[DIM], 0, MetadataFilter.NONE));
        }
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(Vectors.normalized(a), Vectors.normalized(b));
    }

    /** Seeded items with a random embedding, a 2 x 2 x 2 random basis, a colour and a price. */
    private static List<CatalogItem> items(int n, long seed) {
        Random random = new Random(seed);
        List<CatalogItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] embedding = new float[DIM];
            for (int x = 0; x < DIM; x++) {
                embedding[x] = (float) random.nextGaussian();
            }
            float[] basis = new float[DIM * 2 * 2];
            for (int x = 0; x < basis.length; x++) {
                basis[x] = (float) random.nextGaussian();
            }
            items.add(new CatalogItem("item-" + i, embedding, new CamBasis(DIM, 2, 2, basis),
                    Map.of("colour", COLOURS[i % 3], "price", (double) (i % 100))));
        }
        return items;
    }
}
