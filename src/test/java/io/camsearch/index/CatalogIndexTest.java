package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.BasisCodec;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NIOFSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The catalog index on a real Lucene directory: upserts, deletes, filters, commits with offsets, reopening. */
class CatalogIndexTest {

    private static final int DIM = 16;
    private static final String[] COLOURS = {"red", "green", "blue"};

    @TempDir
    Path dir;

    /** An index written before BasisCodec holds each basis as half floats under "basis": it is still read, exactly as half floats. */
    @Test
    void aDocumentWithTheEarlierHalfPrecisionBasisIsStillRead() throws IOException {
        CatalogItem item = items(1, 1).get(0);
        Document old = CatalogFields.toDocument(item, null);
        old.removeField("basis.int8");
        old.add(new BinaryDocValuesField("basis", new BytesRef(BasisCodec.toHalfPrecision(item.basis()))));
        try (Directory directory = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            writer.addDocument(old);
            writer.commit();
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            CamBasis read = index.get(item.id()).orElseThrow().basis();
            CamBasis half = BasisCodec.fromHalfPrecision(DIM, 2, 2, BasisCodec.toHalfPrecision(item.basis()));
            assertArrayEquals(half.values(), read.values(), 0f);
        }
    }

    /**
     * With the model's shared M (a pool -> linear head), an item stores its sparse feature map and is
     * read back as M times its half-precision values, across a reopen; without M it is refused by name.
     */
    @Test
    void anItemsSparseFeatureMapIsStoredAndReadBackThroughTheModelsGradient() throws IOException {
        int channels = 6;
        Random random = new Random(11);
        float[] m = new float[DIM * channels];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) random.nextGaussian();
        }
        SharedGradient gradient = new SharedGradient(DIM, channels, m);
        float[] a = new float[channels * 4];
        a[1] = 0.5f;
        a[9] = 1.25f;
        a[22] = 3.0f;
        CamBasis exact = CamBasis.lowRank(DIM, 2, 2, channels, m, a);
        CatalogItem item = new CatalogItem("sparse-1", items(1, 3).get(0).embedding(),
                new CamBasis(DIM, 2, 2, exact.values()).withFeatureMap(channels, a), Map.of());
        try (CatalogIndex index = CatalogIndex.open(dir, 50, HnswSettings.DEFAULT, gradient)) {
            index.upsert(List.of(item));
            index.commit(Map.of());
        }
        Proxy p = new Proxy(item.embedding());
        try (CatalogIndex index = CatalogIndex.open(dir, 50, HnswSettings.DEFAULT, gradient)) {
            // 0.5, 1.25 and 3.0 are exact in half precision
            assertArrayEquals(exact.signedMap(p).values(), index.get(item.id()).orElseThrow().basis().signedMap(p).values(), 1e-5f);
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> index.get(item.id()));
            assertTrue(error.getMessage().contains("needs its model's gradient matrix"), error.getMessage());
        }
    }

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
                // the basis as BasisCodec stores it (its precision: BasisCodecTest, StoredBasisHeatmapsTest)
                Proxy p = new Proxy(items.get(0).embedding());
                CamBasis stored = BasisCodec.decode(DIM, 2, 2, BasisCodec.encode(item.basis(), item.embedding()));
                assertArrayEquals(stored.signedMap(p).values(), top.item().basis().signedMap(p).values(), 0f);
            }
        }
    }

    @Test
    void aNativeImageReadsTheSameIndexThroughFileChannels() throws IOException {
        List<CatalogItem> items = items(30, 7);
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items);
            index.commit(Map.of("offset:catalog-images-0", "30"));
        }
        try (Directory jvm = CatalogIndex.directory(dir, false); Directory nativeImage = CatalogIndex.directory(dir, true)) {
            assertFalse(jvm instanceof NIOFSDirectory, "the JVM keeps Lucene's default directory");
            assertTrue(nativeImage instanceof NIOFSDirectory, "a native image reads through file channels");
            try (DirectoryReader reader = DirectoryReader.open(nativeImage)) {
                assertEquals(30, reader.numDocs());
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
    void anItemsSourceIsStoredWithItAndAnItemWithoutOneReadsAsUnknown() throws IOException {
        List<CatalogItem> items = items(3, 5);
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(List.of(items.get(0).withSource(new SourceVersion(2, 41)), items.get(1)));
            index.refresh();
            assertEquals(new SourceVersion(2, 41), index.get("item-0").orElseThrow().source());
            assertEquals(null, index.get("item-1").orElseThrow().source(), "an item written without a source, as before sources were stored");
            assertEquals(List.of(Optional.of(new SourceVersion(2, 41)), Optional.empty(), Optional.empty()),
                    index.sources(List.of("item-0", "item-1", "item-2")), "item-2 is not in the index");
        }
    }

    @Test
    void deleteAllLeavesAnEmptyIndexOnceCommitted() throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items(10, 6));
            index.commit(Map.of("k", "1"));
            index.deleteAll();
            index.commit(Map.of("k", "2"));
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            assertEquals(0, index.size());
            assertEquals(Map.of("k", "2"), index.committedData());
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
            assertEquals(Map.of(), index.committedData());
            index.upsert(items.subList(0, 20));
            index.commit(Map.of("offset:catalog-images-0", "20", "offset:catalog-images-1", "7"));
            index.upsert(items.subList(20, 30));
        }
        try (CatalogIndex reopened = CatalogIndex.open(dir, 50)) {
            assertEquals(Map.of("offset:catalog-images-0", "20", "offset:catalog-images-1", "7"), reopened.committedData());
            assertEquals(20, reopened.size());
            assertFalse(reopened.get("item-25").isPresent());
            assertTrue(reopened.get("item-5").isPresent());
        }
    }

    @Test
    void fewerCandidatesThanKStillReturnKHits() throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 50, HnswSettings.DEFAULT.withCandidates(1))) {
            index.upsert(items(40, 6));
            index.refresh();
            assertEquals(10, index.search(items(1, 7).get(0).embedding(), 10, MetadataFilter.NONE).size());
        }
    }

    @Test
    void hnswSettingsOutsideLucenesRangesAreRefusedWithTheSetting() {
        assertRefused("max connections (M) must be in [1, 512], got 0", () -> HnswSettings.DEFAULT.withMaxConnections(0));
        assertRefused("max connections (M) must be in [1, 512], got 513", () -> HnswSettings.DEFAULT.withMaxConnections(513));
        assertRefused("beam width must be in [1, 3200], got 0", () -> HnswSettings.DEFAULT.withBeamWidth(0));
        assertRefused("candidates must be >= 1, got 0", () -> HnswSettings.DEFAULT.withCandidates(0));
        assertRefused("merge workers must be in [1, 64], got 0", () -> HnswSettings.DEFAULT.withMergeWorkers(0));
        assertRefused("merge workers must be in [1, 64], got 65", () -> HnswSettings.DEFAULT.withMergeWorkers(65));
    }

    @Test
    void embeddingsLongerThanLucenesDefaultLimitOf1024AreIndexedAndFound() throws IOException {
        int dim = 2048;
        Random random = new Random(8);
        List<CatalogItem> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            float[] embedding = new float[dim];
            for (int x = 0; x < dim; x++) {
                embedding[x] = (float) random.nextGaussian();
            }
            items.add(new CatalogItem("wide-" + i, embedding, null, Map.of()));
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items);
            index.refresh();
            for (CatalogItem item : items) {
                Hit top = index.search(item.embedding(), 1, MetadataFilter.NONE).get(0);
                assertEquals(item.id(), top.item().id());
                assertEquals(dim, top.item().embedding().length);
            }
        }
    }

    @Test
    void anIndexWrittenWithOtherGraphSettingsReopensWithTheDefaultsAndOpensInPlainLucene() throws IOException {
        List<CatalogItem> items = items(200, 9);
        try (CatalogIndex index = CatalogIndex.open(dir, 50, HnswSettings.DEFAULT.withMaxConnections(4).withBeamWidth(8).withCandidates(20))) {
            index.upsert(items);
            index.commit(Map.of("offset:catalog-images-0", "200"));
        }
        try (CatalogIndex reopened = CatalogIndex.open(dir, 50)) {
            assertEquals(200, reopened.size());
            assertEquals("item-17", reopened.search(items.get(17).embedding(), 1, MetadataFilter.NONE).get(0).item().id());
        }
        // Lucene's own default codec, found by name, reads the vectors: nothing custom is on disk.
        try (var directory = FSDirectory.open(dir);
                var reader = DirectoryReader.open(directory)) {
            var searcher = new IndexSearcher(reader);
            var top = searcher.search(new KnnFloatVectorQuery("vector", Vectors.normalized(items.get(3).embedding()), 5), 1);
            assertEquals("item-3", searcher.storedFields().document(top.scoreDocs[0].doc).get("id"));
        }
    }

    @Test
    void theDefaultGraphFindsAtLeast95PercentOfTheExactTop10() throws IOException {
        List<CatalogItem> items = items(5000, 10);
        List<CatalogItem> queries = items(200, 11);
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(items);
            index.refresh();
            long found = 0;
            for (CatalogItem query : queries) {
                Map<String, Double> cosines = new HashMap<>();
                items.forEach(item -> cosines.put(item.id(), cosine(item.embedding(), query.embedding())));
                List<String> exact = items.stream().map(CatalogItem::id)
                        .sorted(Comparator.comparingDouble((String id) -> -cosines.get(id))).limit(10).toList();
                found += index.search(query.embedding(), 10, MetadataFilter.NONE).stream().filter(h -> exact.contains(h.item().id())).count();
            }
            double recall = found / (10.0 * queries.size());
            assertTrue(recall >= 0.95, "recall@10 " + recall);
        }
    }

    private static void assertRefused(String message, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(message), e.getMessage());
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
