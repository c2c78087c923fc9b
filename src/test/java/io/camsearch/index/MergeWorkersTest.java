package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HnswSettings#mergeWorkers()} on a real Lucene directory: a merge with two workers builds
 * its graph on the index's worker threads (Lucene's concurrent HNSW merge), and the merged graph
 * finds what the one-thread merge's finds.
 */
class MergeWorkersTest {

    private static final int DIM = 64;
    private static final int SEGMENTS = 4;
    private static final int PER_SEGMENT = 600;
    private static final int QUERIES = 50;

    @TempDir
    Path dir;

    private final Random random = new Random(17);
    private final List<float[]> vectors = IntStream.range(0, SEGMENTS * PER_SEGMENT).mapToObj(i -> unit()).toList();
    private final List<float[]> queries = IntStream.range(0, QUERIES).mapToObj(i -> unit()).toList();
    private final List<List<String>> truth = queries.stream().map(this::exactTop10).toList();

    @ParameterizedTest
    @EnumSource(value = VectorQuantization.class, names = {"NONE", "INT8"})
    void twoWorkersMergeTheGraphOnTheirThreadsAndFindWhatOneFinds(VectorQuantization quantization) throws IOException {
        // A smaller graph than the service's keeps the test fast; the merge path is the same.
        HnswSettings settings = HnswSettings.DEFAULT.withMaxConnections(16).withBeamWidth(100).withCandidates(40)
                .withQuantization(quantization, 2.0);
        double oneWorker = mergedRecall(dir.resolve("one"), settings, 0);
        double twoWorkers = mergedRecall(dir.resolve("two"), settings.withMergeWorkers(2), 1);
        assertTrue(oneWorker >= 0.9, quantization + ": recall@10 of the one-thread merge " + oneWorker);
        assertTrue(twoWorkers >= oneWorker - 0.03, quantization + ": recall@10 with two workers " + twoWorkers + ", one " + oneWorker);
    }

    /** Recall@10 after merging {@link #SEGMENTS} segments into one; the workers ran at least {@code minimumTasks} graph-merge tasks. */
    private double mergedRecall(Path path, HnswSettings settings, long minimumTasks) throws IOException {
        try (CatalogIndex index = CatalogIndex.open(path, 60_000, settings)) {
            for (int s = 0; s < SEGMENTS; s++) {
                List<CatalogItem> items = new ArrayList<>();
                for (int i = s * PER_SEGMENT; i < (s + 1) * PER_SEGMENT; i++) {
                    items.add(new CatalogItem("item-" + i, vectors.get(i), null, Map.of()));
                }
                index.upsert(items);
                index.commit(Map.of()); // one segment each
            }
            index.forceMerge(1);
            index.refresh();
            assertEquals(1, index.segments());
            assertEquals(vectors.size(), index.size());
            assertTrue(index.mergeTasksRun() >= minimumTasks, settings.mergeWorkers() + " merge workers ran " + index.mergeTasksRun() + " tasks");
            int found = 0;
            for (int q = 0; q < QUERIES; q++) {
                List<String> top = truth.get(q);
                found += (int) index.search(queries.get(q), 10, MetadataFilter.NONE).stream().filter(hit -> top.contains(hit.item().id())).count();
            }
            return found / (10.0 * QUERIES);
        }
    }

    private List<String> exactTop10(float[] query) {
        double[] cosines = vectors.stream().mapToDouble(v -> Vectors.dot(query, v)).toArray();
        return IntStream.range(0, vectors.size()).boxed().sorted(Comparator.comparingDouble(i -> -cosines[i])).limit(10)
                .map(i -> "item-" + i).toList();
    }

    private float[] unit() {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalized(v);
    }
}
