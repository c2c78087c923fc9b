package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantized graphs on a real Lucene directory: the format asked for is the one written, a hit's
 * score is still the exact cosine (the candidates are rescored with the float vectors), recall
 * against brute force holds, and segments of other quantizations stay readable side by side.
 */
class CatalogIndexQuantizationTest {

    private static final int DIM = 64;
    private static final int ITEMS = 2000;

    @TempDir
    Path dir;

    private final Random random = new Random(5);
    private final List<float[]> vectors = IntStream.range(0, ITEMS).mapToObj(i -> unit()).toList();

    @ParameterizedTest
    @EnumSource(VectorQuantization.class)
    void hitsCarryExactCosinesAndFindNearlyAllTrueNeighbours(VectorQuantization quantization) throws IOException {
        HnswSettings settings = HnswSettings.DEFAULT.withCandidates(50).withQuantization(quantization, 4.0);
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000, settings)) {
            write(index, 0, ITEMS);
            index.refresh();
            int found = 0;
            int queries = 40;
            for (int q = 0; q < queries; q++) {
                float[] query = unit();
                List<Hit> hits = index.search(query, 10, MetadataFilter.NONE);
                assertEquals(10, hits.size());
                for (Hit hit : hits) {
                    int i = Integer.parseInt(hit.item().id().substring("item-".length()));
                    assertEquals(Vectors.dot(query, vectors.get(i)), hit.cosine(), 1e-5, quantization + ": the score is the exact cosine");
                }
                found += overlap(hits, exactTop10(query));
            }
            double recall = found / (10.0 * queries);
            // Binary quantization keeps one bit a dimension: at 64 dimensions it needs the rescoring to get close.
            double floor = quantization == VectorQuantization.BINARY ? 0.8 : 0.95;
            assertTrue(recall >= floor, quantization + " recall@10 " + recall + " >= " + floor);
        }
        assertEquals(Set.of(FORMATS.get(quantization)), vectorFormats(), quantization + ": the format every segment was written with");
        if (quantization != VectorQuantization.NONE) {
            // The three quantizations are one Lucene format at three bit widths: the quantized
            // vectors' file shows which was written (plus a few corrective floats a vector).
            double bytes = quantizedBytesPerVector();
            double bits = BITS.get(quantization);
            assertTrue(bytes >= DIM * bits / 8 && bytes < DIM * bits / 8 + 24, quantization + ": " + bytes + " bytes a vector at " + bits + " bits");
        }
    }

    /** Back from a quantized graph to floats: the quantized segments' hits are still rescored until a merge rewrites them. */
    @Test
    void hitsInQuantizedSegmentsAreExactCosinesAfterTheSettingReturnsToFloats() throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000, HnswSettings.DEFAULT.withQuantization(VectorQuantization.INT4, 2.0))) {
            write(index, 0, ITEMS / 2);
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000, HnswSettings.DEFAULT)) {
            write(index, ITEMS / 2, ITEMS);
            index.refresh();
            assertEquals(Set.of(FORMATS.get(VectorQuantization.NONE), FORMATS.get(VectorQuantization.INT4)), vectorFormats());
            for (int q = 0; q < 20; q++) {
                float[] query = unit();
                for (Hit hit : index.search(query, 10, MetadataFilter.NONE)) {
                    int i = Integer.parseInt(hit.item().id().substring("item-".length()));
                    assertEquals(Vectors.dot(query, vectors.get(i)), hit.cosine(), 1e-5, "item " + i + ": the exact cosine");
                }
            }
        }
    }

    @Test
    void segmentsOfAnotherQuantizationStayReadableAfterTheSettingChanges() throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000, HnswSettings.DEFAULT)) {
            write(index, 0, ITEMS / 2);
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000, HnswSettings.DEFAULT.withQuantization(VectorQuantization.INT8, 2.0))) {
            write(index, ITEMS / 2, ITEMS);
            index.refresh();
            assertEquals(Set.of(FORMATS.get(VectorQuantization.NONE), FORMATS.get(VectorQuantization.INT8)), vectorFormats(),
                    "one segment of each");
            assertEquals(ITEMS, index.size());
            for (int i : new int[] {3, ITEMS - 3}) {
                Hit best = index.search(vectors.get(i), 1, MetadataFilter.NONE).get(0);
                assertEquals("item-" + i, best.item().id(), "an item written in either format is its own nearest");
                assertEquals(1.0, best.cosine(), 1e-5);
            }
            index.forceMerge(1);
            assertEquals(1, index.segments(), "the merge rewrites both into the current format");
            assertEquals(ITEMS, index.size());
            index.commit(Map.of());
        }
        assertEquals(Set.of(FORMATS.get(VectorQuantization.INT8)), vectorFormats());
    }

    private void write(CatalogIndex index, int from, int to) throws IOException {
        List<CatalogItem> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            items.add(new CatalogItem("item-" + i, vectors.get(i), null, Map.of()));
        }
        index.upsert(items);
        index.commit(Map.of());
    }

    private Set<String> exactTop10(float[] query) {
        Set<String> top = new HashSet<>();
        IntStream.range(0, ITEMS).boxed().sorted(Comparator.comparingDouble(i -> -Vectors.dot(query, vectors.get(i)))).limit(10)
                .forEach(i -> top.add("item-" + i));
        return top;
    }

    private static int overlap(List<Hit> hits, Set<String> truth) {
        return (int) hits.stream().filter(h -> truth.contains(h.item().id())).count();
    }

    /** Lucene's own names of the formats, as each segment records them (10.4 names its scalar quantizer "Binary" at every bit width). */
    private static final Map<VectorQuantization, String> FORMATS = Map.of(VectorQuantization.NONE, "Lucene99HnswVectorsFormat",
            VectorQuantization.INT8, "Lucene104HnswBinaryQuantizedVectorsFormat", VectorQuantization.INT4, "Lucene104HnswBinaryQuantizedVectorsFormat",
            VectorQuantization.BINARY, "Lucene104HnswBinaryQuantizedVectorsFormat");

    private static final Map<VectorQuantization, Integer> BITS = Map.of(VectorQuantization.INT8, 8, VectorQuantization.INT4, 4,
            VectorQuantization.BINARY, 1);

    /** Bytes of the quantized vectors' files (.veq, inside compound files too) over the documents of the committed segments. */
    private double quantizedBytesPerVector() throws IOException {
        try (Directory directory = FSDirectory.open(dir)) {
            long bytes = 0;
            long docs = 0;
            for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(directory)) {
                docs += segment.info.maxDoc();
                if (segment.info.getUseCompoundFile()) {
                    try (Directory compound = segment.info.getCodec().compoundFormat().getCompoundReader(directory, segment.info)) {
                        bytes += veqBytes(compound);
                    }
                } else {
                    bytes += veqBytes(directory);
                }
            }
            return (double) bytes / docs;
        }
    }

    private static long veqBytes(Directory directory) throws IOException {
        long bytes = 0;
        for (String file : directory.listAll()) {
            if (file.endsWith(".veq")) {
                bytes += directory.fileLength(file);
            }
        }
        return bytes;
    }

    /** The vector format names the committed segments record for the vector field. */
    private Set<String> vectorFormats() throws IOException {
        try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            Set<String> formats = new HashSet<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                FieldInfo field = leaf.reader().getFieldInfos().fieldInfo(CatalogFields.VECTOR);
                formats.add(field.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
            }
            return formats;
        }
    }

    private float[] unit() {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return Vectors.normalized(v);
    }
}
