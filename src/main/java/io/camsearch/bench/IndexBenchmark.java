package io.camsearch.bench;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Explanation;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.Vectors;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
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
 * model), its build time, recall@10 of the HNSW search against exact search, and search latency
 * for k = 10 without explanations and with query-side explanations (the query's CAM basis from
 * the real model, and one finished heatmap per hit).
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

    public Map<String, Object> run(EmbeddingModel model, Path indexDir, int candidates) throws IOException {
        ModelDescriptor d = model.descriptor();
        int dim = d.embeddingDim();
        Random random = new Random(11);
        float[][] vectors = new float[items][];
        for (int i = 0; i < items; i++) {
            vectors[i] = Vectors.normalized(gaussian(random, dim));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("items", items);
        row.put("dim", dim);
        row.put("candidates", candidates);
        try (CatalogIndex index = CatalogIndex.open(indexDir, 1000, candidates)) {
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
            index.refresh();
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            row.put("buildSeconds", round(buildSeconds));
            log.printf("  built an index of %d x %d in %.1f s%n", items, dim, buildSeconds);

            float[][] queryVectors = new float[queries][];
            for (int q = 0; q < queries; q++) {
                queryVectors[q] = Vectors.normalized(gaussian(random, dim));
            }
            row.put("recallAt10", round(recallAt10(index, vectors, queryVectors)));

            Stopwatch plain = new Stopwatch("search k=10", queries);
            for (int warm = 0; warm < 50; warm++) {
                index.search(queryVectors[warm % queries], 10, MetadataFilter.NONE);
            }
            for (float[] query : queryVectors) {
                plain.time(() -> search(index, query));
            }
            EmbeddingCam cam = new EmbeddingCam(model);
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
            log.printf("  search k=10: p50 %.2f ms, p99 %.2f ms; embed + search + 10 query heatmaps: p50 %.1f ms, p99 %.1f ms%n",
                    plain.percentile(50), plain.percentile(99), withExplain.percentile(50), withExplain.percentile(99));
        }
        return row;
    }

    /** Recall@10: the share of the exact top 10 (brute force over every vector) that the HNSW search returns. */
    private double recallAt10(CatalogIndex index, float[][] vectors, float[][] queryVectors) throws IOException {
        long found = 0;
        for (float[] query : queryVectors) {
            Set<String> exact = new HashSet<>();
            for (int i : exactTop(vectors, query, 10)) {
                exact.add("item-" + i);
            }
            for (Hit hit : index.search(query, 10, MetadataFilter.NONE)) {
                found += exact.contains(hit.item().id()) ? 1 : 0;
            }
        }
        double recall = found / (10.0 * queryVectors.length);
        log.printf("  recall@10 of HNSW against exact search over %d queries: %.4f%n", queryVectors.length, recall);
        return recall;
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
                Explanation.of(signed, d.inputWidth(), d.inputHeight(), Localizer.DEFAULT_THRESHOLD);
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
