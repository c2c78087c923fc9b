package io.camsearch.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.CamBasis;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.SparseFeatureMap;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.Models;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.DemoImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 2 on the scale-out path: the demo model's items go through a real schema-3 envelope
 * (embedder: {@link EmbeddingEnvelope#of}, {@link EnvelopeCodec}) into a real index (searcher), and
 * are held as the one-process path holds them.
 */
class EnvelopeExplanationTest {

    /** The index's doc-values field of the stored explanation (index.CatalogFields). */
    private static final String STORED_EXPLANATION_FIELD = "basis.int8";
    private static final int CLASSES = 10;
    private static final int PER_CLASS = 2;

    private static ModelIdentity identity;
    private static SharedGradient gradient;
    private static List<AnalyzedImage> analyzed;
    private static List<CatalogItem> items;

    @TempDir
    Path dir;

    @BeforeAll
    static void analyzeDemoImages() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            identity = Models.identity(Models.DEMO, model);
            gradient = new EmbeddingCam(model).sharedGradient().orElseThrow();
            analyzed = DemoImages.analyzed(model, CLASSES, PER_CLASS);
        }
        items = new ArrayList<>();
        for (int i = 0; i < analyzed.size(); i++) {
            AnalyzedImage image = analyzed.get(i);
            items.add(new CatalogItem("demo-" + i, image.features().embedding(), image.features().basis(),
                    CatalogImages.metadata(i / PER_CLASS, i % PER_CLASS)));
        }
    }

    /** No second quantization: the searcher stores the envelope's explanation bytes, the same bytes the one-process path stores. */
    @Test
    void theSearcherStoresByteForByteTheExplanationTheOneProcessPathStores() throws Exception {
        Path oneProcess = dir.resolve("one-process");
        try (CatalogIndex index = CatalogIndex.open(oneProcess, 1000, HnswSettings.DEFAULT, gradient)) {
            index.upsert(items);
            index.commit(Map.of());
        }
        Path searcher = dir.resolve("searcher");
        Map<String, Integer> envelopeExplanationBytes = new HashMap<>();
        try (CatalogIndex index = CatalogIndex.open(searcher, 1000, HnswSettings.DEFAULT, gradient)) {
            List<CatalogItem> fromTopic = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                CatalogItem item = items.get(i);
                SourceVersion version = new SourceVersion(0, i);
                byte[] value = EnvelopeCodec.encode(EmbeddingEnvelope.of(identity, version, item, gradient));
                EmbeddingEnvelope envelope = EnvelopeCodec.decode(item.id(), value);
                assertNull(envelope.item().basis(), "the searcher gets the stored form, not a basis to encode again");
                envelopeExplanationBytes.put(item.id(), envelope.item().explanation().bytes().length);
                fromTopic.add(envelope.item().withSource(envelope.version()));
            }
            index.upsert(fromTopic);
            index.commit(Map.of());
        }

        Map<String, byte[]> direct = storedExplanations(oneProcess);
        Map<String, byte[]> viaTopic = storedExplanations(searcher);
        assertEquals(items.size(), direct.size());
        assertEquals(direct.keySet(), viaTopic.keySet());
        for (CatalogItem item : items) {
            byte[] expected = direct.get(item.id());
            assertEquals(SparseFeatureMap.SPARSE_12, expected[0], item.id() + ": the demo model's items store their sparse feature maps");
            assertArrayEquals(expected, viaTopic.get(item.id()), item.id() + ": the searcher's stored explanation");
            assertEquals(expected.length, envelopeExplanationBytes.get(item.id()), item.id() + ": the topic carries what the index stores");
        }
    }

    /** The explanation a searcher reads from a schema-3 record meets the index's own targets against the exact basis. */
    @Test
    void aSchema3RecordsExplanationDrawsMapsWithinTheIndexsErrorBound() throws Exception {
        double worst = 0;
        int sameBox = 0;
        int compared = 0;
        for (int i = 0; i < items.size(); i++) {
            CatalogItem item = items.get(i);
            byte[] value = EnvelopeCodec.encode(EmbeddingEnvelope.of(identity, new SourceVersion(0, i), item, gradient));
            CamBasis stored = EnvelopeCodec.decode(item.id(), value).item().explanation().basis(gradient);
            CamBasis exact = item.basis();
            AnalyzedImage image = analyzed.get(i);
            for (CatalogItem query : items) {
                if (query == item) {
                    continue;
                }
                // A hit's proxy is the query that found it: here every other demo item.
                Proxy proxy = Proxy.singlePoint(query.embedding());
                worst = Math.max(worst, exact.signedMap(proxy).relu().normalized().maxDifference(stored.signedMap(proxy).relu().normalized()));
                Heatmap fromExact = Heatmap.of(exact.signedMap(proxy), image.image().width(), image.image().height(), Localizer.DEFAULT_THRESHOLD);
                Heatmap fromStored = Heatmap.of(stored.signedMap(proxy), image.image().width(), image.image().height(), Localizer.DEFAULT_THRESHOLD);
                if (fromExact.box().equals(fromStored.box())) {
                    sameBox++;
                }
                compared++;
            }
        }
        double sameBoxRate = (double) sameBox / compared;
        System.out.printf("schema-3 explanations of %d demo items, %d proxies: worst normalized-map error %.4f, same box %.4f%n", items.size(), compared,
                worst, sameBoxRate);
        assertEquals(items.size() * (items.size() - 1), compared);
        assertTrue(worst <= 0.02, "every normalized map within 0.02 of the exact basis', worst " + worst);
        assertTrue(sameBoxRate >= 0.98, "the same box in at least 98% of maps, got " + sameBoxRate);
    }

    /** The stored explanation bytes of every document in the committed index at {@code path}, by item id. */
    private static Map<String, byte[]> storedExplanations(Path path) throws IOException {
        Map<String, byte[]> byId = new HashMap<>();
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                BinaryDocValues values = leaf.reader().getBinaryDocValues(STORED_EXPLANATION_FIELD);
                var stored = leaf.reader().storedFields();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    assertTrue(values != null && values.advanceExact(doc), "document " + doc + " has a stored explanation");
                    BytesRef bytes = values.binaryValue();
                    byId.put(stored.document(doc).get("id"), Arrays.copyOfRange(bytes.bytes, bytes.offset, bytes.offset + bytes.length));
                }
            }
        }
        return byId;
    }
}
