package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index an earlier camsearch wrote with Lucene 10.3 opens in this one (Lucene 10.4), through
 * lucene-backward-codecs, so a search replica's volume survives the upgrade. The fixture
 * ({@code lucene-10.3-index}) was written by {@link CatalogIndex} at commit fc4ac77 (Lucene 10.3.2):
 * items 0-19 with the default settings, then items 20-39 with int8 quantization (Lucene 10.3's
 * {@code Lucene99HnswScalarQuantizedVectorsFormat}), one commit each; item i's vector is the i-th
 * of {@link #vectors()}.
 */
class Lucene103IndexTest {

    @TempDir
    Path dir;

    @Test
    void anIndexWrittenWithLucene103FindsEveryItemAndAMergeRewritesItWithTheCurrentCodec() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("lucene-10.3-index").toURI());
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        assertEquals(Set.of("Lucene103"), codecs(), "the fixture is Lucene 10.3's");
        List<float[]> vectors = vectors();
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000, HnswSettings.DEFAULT)) {
            assertEquals(40, index.size());
            assertEquals(2, index.segments());
            assertEachItemIsItsOwnNearest(index, vectors);

            index.forceMerge(1);
            assertEquals(1, index.segments());
            assertEachItemIsItsOwnNearest(index, vectors);
            index.commit(Map.of());
        }
        assertEquals(Set.of("Lucene104"), codecs(), "the merge rewrote both segments with the current codec");
    }

    private static void assertEachItemIsItsOwnNearest(CatalogIndex index, List<float[]> vectors) throws IOException {
        for (int i = 0; i < vectors.size(); i++) {
            Hit best = index.search(vectors.get(i), 1, MetadataFilter.NONE).get(0);
            assertEquals("item-" + i, best.item().id());
            assertEquals(1.0, best.cosine(), 1e-5);
        }
    }

    private Set<String> codecs() throws IOException {
        try (Directory directory = FSDirectory.open(dir)) {
            Set<String> names = new HashSet<>();
            for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(directory)) {
                names.add(segment.info.getCodec().getName());
            }
            return names;
        }
    }

    /** The fixture's 40 unit vectors of 16 dimensions, as its writer drew them. */
    private static List<float[]> vectors() {
        Random random = new Random(11);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            float[] v = new float[16];
            double norm = 0;
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
                norm += v[d] * v[d];
            }
            for (int d = 0; d < v.length; d++) {
                v[d] /= (float) Math.sqrt(norm);
            }
            vectors.add(v);
        }
        return vectors;
    }
}
