package io.camsearch.bench;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.Vectors;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.MetadataFilter;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The search side at catalog size: an index of N synthetic unit vectors (the embedding size of the
 * model, Gaussian, so with no cluster structure: the hardest case for HNSW), built once with the
 * given graph settings, then for each candidate count: recall@10 of the HNSW search against exact
 * search, and search latency for k = 10 without explanations and with query-side explanations (the
 * query's CAM basis from the real model, and one finished heatmap per hit).
 */
public final class IndexBenchmark {

    private final int items;
    private final int queries;
    private final PrintStream log;

    public IndexBenchmark(int items, int queries, PrintStream log) {
        this.items = items;
        this.queries = queries;
        this.log = log;
    }

    /** One row per candidate count, in the order given. */
    public List<Map<String, Object>> run(EmbeddingModel model, Path indexDir, HnswSettings graph, List<Integer> candidateCounts) throws IOException {
        ModelDescriptor d = model.descriptor();
        int dim = d.embeddingDim();
        Random random = new Random(11);
        float[][] vectors = new float[items][];
        for (int i = 0; i < items; i++) {
            vectors[i] = Vectors.normalized(gaussian(random, dim));
        }
        float[][] queryVectors = new float[queries][];
        for (int q = 0; q < queries; q++) {
            queryVectors[q] = Vectors.normalized(gaussian(random, dim));
        }
        double buildSeconds = build(indexDir, graph, vectors);
        int[][] exact = new int[queries][];
        for (int q = 0; q < queries; q++) {
            exact[q] = exactTop(vectors, queryVectors[q], 10);
        }
        EmbeddingCam cam = new EmbeddingCam(model);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int candidates : candidateCounts) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("items", items);
            row.put("dim", dim);
            row.put("maxConnections", graph.maxConnections());
            row.put("beamWidth", graph.beamWidth());
            row.put("buildSeconds", round(buildSeconds));
            row.put("candidates", candidates);
            try (CatalogIndex index = CatalogIndex.open(indexDir, 1000, graph.withCandidates(candidates))) {
                measure(index, cam, d, queryVectors, exact, random, row);
            }
            rows.add(row);
        }
        return rows;
    }

    private double build(Path indexDir, HnswSettings graph, float[][] vectors) throws IOException {
        try (CatalogIndex index = CatalogIndex.open(indexDir, 1000, graph)) {
            long start = System.nanoTime();
            int batch = 1000;
            for (int first = 0; first < items; first += batch) {
                List<CatalogItem> part = new ArrayList<>(batch);
                for (int i = first; i < Math.min(items, first + batch); i++) {
                    part.add(new CatalogItem("item-" + i, vectors[i], null, Map.of("shard", "s" + (i % 4))));
                }
                index.upsert(part);
                if ((first / batch) % Math.max(1, items / batch / 10) == 0) {
                    log.printf("  indexed %d/%d%n", first + part.size(), items);
                }
            }
            index.commit(Map.of());
            index.awaitMerges();
            index.commit(Map.of());
            double seconds = (System.nanoTime() - start) / 1e9;
            log.printf("  built and merged an index of %d x %d (M %d, beam width %d) in %.1f s%n", items, vectors[0].length,
                    graph.maxConnections(), graph.beamWidth(), seconds);
            return seconds;
        }
    }

    private void measure(CatalogIndex index, EmbeddingCam cam, ModelDescriptor d, float[][] queryVectors, int[][] exact, Random random,
            Map<String, Object> row) throws IOException {
        row.put("recallAt10", round(recallAt10(index, queryVectors, exact)));
        for (int warm = 0; warm < 50; warm++) {
            index.search(queryVectors[warm % queries], 10, MetadataFilter.NONE);
        }
        Stopwatch plain = new Stopwatch("search k=10", queries);
        for (float[] query : queryVectors) {
            plain.time(() -> search(index, query));
        }
        int explained = Math.min(queries, 200);
        Stopwatch withExplain = new Stopwatch("search k=10 + explain=query", explained);
        for (int q = 0; q < explained; q++) {
            float[] image = gaussian(random, 3 * d.inputHeight() * d.inputWidth());
            withExplain.time(() -> explainQuery(cam, index, image, d));
        }
        row.put("searchP50Ms", round(plain.percentile(50)));
        row.put("searchP99Ms", round(plain.percentile(99)));
        row.put("explainQueryP50Ms", round(withExplain.percentile(50)));
        row.put("explainQueryP99Ms", round(withExplain.percentile(99)));
        log.printf("  %d candidates: recall@10 %.4f; search k=10: p50 %.2f ms, p99 %.2f ms; embed + search + 10 query heatmaps: p50 %.1f ms, p99 %.1f ms%n",
                row.get("candidates"), row.get("recallAt10"), plain.percentile(50), plain.percentile(99),
                withExplain.percentile(50), withExplain.percentile(99));
    }

    /** Recall@10: the share of the exact top 10 (brute force over every vector) that the HNSW search returns. */
    private static double recallAt10(CatalogIndex index, float[][] queryVectors, int[][] exactTop) throws IOException {
        long found = 0;
        for (int q = 0; q < queryVectors.length; q++) {
            Set<String> exact = new HashSet<>();
            for (int i : exactTop[q]) {
                exact.add("item-" + i);
            }
            for (Hit hit : index.search(queryVectors[q], 10, MetadataFilter.NONE)) {
                found += exact.contains(hit.item().id()) ? 1 : 0;
            }
        }
        return found / (10.0 * queryVectors.length);
    }

    private static int[] exactTop(float[][] vectors, float[] query, int k) {
        int[] best = new int[k];
        double[] scores = new double[k];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            double s = Vectors.dot(vectors[i], query);
            if (s > scores[k - 1]) {
                int at = k - 1;
                while (at > 0 && scores[at - 1] < s) {
                    scores[at] = scores[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                scores[at] = s;
                best[at] = i;
            }
        }
        return best;
    }

    private static void search(CatalogIndex index, float[] query) {
        try {
            index.search(query, 10, MetadataFilter.NONE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What explain=query costs: the query's features and basis, the search, one finished heatmap per hit. */
    private static void explainQuery(EmbeddingCam cam, CatalogIndex index, float[] image, ModelDescriptor d) {
        CamFeatures query = cam.analyze(List.of(image)).get(0);
        try {
            List<Proxy> proxies = new ArrayList<>();
            for (Hit hit : index.search(query.embedding(), 10, MetadataFilter.NONE)) {
                proxies.add(Proxy.singlePoint(hit.item().embedding()));
            }
            for (Grid signed : query.basis().signedMaps(proxies)) {
                Heatmap.of(signed, d.inputWidth(), d.inputHeight(), Localizer.DEFAULT_THRESHOLD);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static float[] gaussian(Random random, int n) {
        return Samples.gaussian(random, n);
    }

    private static double round(double value) {
        return Samples.round(value);
    }
}
