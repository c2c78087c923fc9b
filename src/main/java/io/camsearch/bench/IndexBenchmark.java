package io.camsearch.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.MetadataFilter;
import io.camsearch.index.VectorQuantization;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The search side at catalog size: for each vector shape ({@link VectorShape}) an index of N
 * synthetic unit vectors is built with the service's index code once per vector quantization,
 * then for each candidate count: recall@10 against exact search, with and without a filter that
 * keeps 1% of the catalog, and k = 10 latency on one thread and on two at once. Each build
 * reports its time, segments, disk, heap and resident memory. With a model, the first
 * configuration also times explain=query (the query's basis from the real model and one finished
 * heatmap per hit).
 */
public final class IndexBenchmark {

    /** Items carry {@code bucket=b<i % 100>}; the filter keeps one bucket, 1% of the catalog. */
    static final int FILTER_BUCKETS = 100;
    static final int FILTER_BUCKET = 7;
    static final MetadataFilter FILTER = MetadataFilter.term("bucket", "b" + FILTER_BUCKET);
    private static final int K = 10;
    private static final int BATCH = 1000;
    private static final String BUILD_RECORD = "camsearch-build.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to build and measure. {@code forceMergeSegments} null: leave the segments the merge
     * policy settles on. {@code hnswlibScript} null: no hnswlib anchor; else hnswlib is measured at
     * each of {@code hnswlibEfs} on the same data. {@code warmUpPasses}: untimed passes over the
     * queries before each timed one.
     */
    public record Plan(int items, int queries, List<VectorShape> shapes, List<VectorQuantization> quantizations, List<Integer> candidateCounts,
                       Integer forceMergeSegments, Path hnswlibScript, List<Integer> hnswlibEfs, boolean reuse, int warmUpPasses) {
        public Plan {
            if (items < K || queries < 1) {
                throw new IllegalArgumentException("items must be >= " + K + " and queries >= 1, got " + items + " and " + queries);
            }
            if (shapes.isEmpty() || quantizations.isEmpty() || candidateCounts.isEmpty()) {
                throw new IllegalArgumentException("at least one shape, one quantization and one candidate count");
            }
            if (warmUpPasses < 0) {
                throw new IllegalArgumentException("warm-up passes must be >= 0, got " + warmUpPasses);
            }
        }
    }

    private final Plan plan;
    private final PrintStream log;

    public IndexBenchmark(Plan plan, PrintStream log) {
        this.plan = plan;
        this.log = log;
    }

    /** One row per shape, quantization and candidate count, in that order; {@code model} null skips explain=query. */
    public List<Map<String, Object>> run(EmbeddingModel model, int dim, Path dir, HnswSettings graph) throws IOException, InterruptedException {
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean explain = model != null;
        for (VectorShape shape : plan.shapes()) {
            SyntheticVectors vectors = new SyntheticVectors(shape, dim, plan.items());
            float[][] queries = new float[plan.queries()][];
            for (int q = 0; q < queries.length; q++) {
                queries[q] = vectors.vector((long) plan.items() + q);
            }
            long start = System.nanoTime();
            ExactNeighbours exact = ExactNeighbours.compute(vectors, plan.items(), queries, K, i -> i % FILTER_BUCKETS == FILTER_BUCKET, 2);
            log.printf("%s: exact top %d of %d queries over %d items in %.1f s%n", shape.label(), K, queries.length, plan.items(),
                    (System.nanoTime() - start) / 1e9);
            HnswlibAnchor anchor = plan.hnswlibScript() == null ? null
                    : HnswlibAnchor.measure(plan.hnswlibScript(), dir.resolve(shape.label() + "-hnswlib"), vectors, plan.items(), queries, exact,
                            graph.maxConnections(), graph.beamWidth(), plan.hnswlibEfs(), plan.reuse(), log);
            for (VectorQuantization quantization : plan.quantizations()) {
                HnswSettings settings = graph.withQuantization(quantization, graph.oversample());
                Path indexDir = dir.resolve(shape.label() + "-" + quantization.label());
                Map<String, Object> build = plan.reuse() && Files.exists(indexDir) ? reused(indexDir, settings) : build(indexDir, settings, vectors);
                for (int candidates : plan.candidateCounts()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("shape", shape.label());
                    row.put("items", plan.items());
                    row.put("dim", dim);
                    row.put("quantization", quantization.label());
                    row.put("oversample", quantization == VectorQuantization.NONE ? 1.0 : settings.oversample());
                    row.put("maxConnections", settings.maxConnections());
                    row.put("beamWidth", settings.beamWidth());
                    row.putAll(build);
                    row.put("candidates", candidates);
                    try (CatalogIndex index = CatalogIndex.open(indexDir, 1000, settings.withCandidates(candidates))) {
                        measure(index, queries, exact, row);
                        if (explain) {
                            explainQuery(model, index, row);
                        }
                        if (anchor != null) {
                            compare(anchor, row);
                        }
                    }
                    rows.add(row);
                }
                explain = false;
            }
        }
        return rows;
    }

    private Map<String, Object> build(Path indexDir, HnswSettings settings, SyntheticVectors vectors) throws IOException {
        Files.createDirectories(indexDir);
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        Map<String, Object> build = new LinkedHashMap<>();
        try (CatalogIndex index = CatalogIndex.open(indexDir, 1000, settings)) {
            long start = System.nanoTime();
            int items = plan.items();
            for (int first = 0; first < items; first += BATCH) {
                List<CatalogItem> part = new ArrayList<>(BATCH);
                for (int i = first; i < Math.min(items, first + BATCH); i++) {
                    part.add(new CatalogItem(id(i), vectors.vector(i), null, Map.of("bucket", "b" + (i % FILTER_BUCKETS))));
                }
                index.upsert(part);
                if ((first / BATCH) % Math.max(1, items / BATCH / 10) == 0) {
                    log.printf("  %s: indexed %d/%d after %.0f s%n", settings.quantization().label(), first + part.size(), items,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            index.commit(Map.of());
            double indexed = (System.nanoTime() - start) / 1e9;
            index.awaitMerges();
            index.refresh();
            double settled = (System.nanoTime() - start) / 1e9;
            int settledSegments = index.segments();
            log.printf("  %s: all %d indexed after %.0f s, merges settled after %.0f s%n", settings.quantization().label(), items, indexed, settled);
            if (plan.forceMergeSegments() != null) {
                index.forceMerge(plan.forceMergeSegments());
            }
            index.commit(Map.of());
            double seconds = (System.nanoTime() - start) / 1e9;
            build.put("buildSeconds", round(seconds));
            // Where the build's time goes: adding the items (each inserted into its segment's graph),
            // then the merges, which join those graphs into one (HnswSettings#mergeWorkers).
            build.put("indexedSeconds", round(indexed));
            build.put("mergesSettledSeconds", round(settled));
            build.put("mergeWorkers", settings.mergeWorkers());
            build.put("settledSegments", settledSegments);
            build.put("segments", index.segments());
            log.printf("  %s: built an index of %d in %.1f s (%d merge workers): %d segments after merges settled, %d searched%n",
                    settings.quantization().label(), items, seconds, settings.mergeWorkers(), settledSegments, index.segments());
        }
        long peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        build.put("diskMB", round(directoryBytes(indexDir) / 1e6));
        build.put("buildPeakHeapMB", round(peakHeap / 1e6));
        Map<String, Object> record = new LinkedHashMap<>(buildKey(settings));
        record.putAll(build);
        JSON.writeValue(indexDir.resolve(BUILD_RECORD).toFile(), record);
        return build;
    }

    /**
     * An index an earlier run built in {@code indexDir}, measured again without the build (1M
     * items take half an hour here): its build figures come from the record that run wrote,
     * after checking that it holds the same items, graph and quantization. An index from before
     * build records is taken on trust, without build figures.
     */
    private Map<String, Object> reused(Path indexDir, HnswSettings settings) throws IOException {
        Path recordFile = indexDir.resolve(BUILD_RECORD);
        if (!Files.exists(recordFile)) {
            log.printf("  %s: reusing %s without a build record (built before runs wrote one): its settings are taken on trust, "
                    + "its build figures left out%n", settings.quantization().label(), indexDir);
            return new LinkedHashMap<>(Map.of("reused", true));
        }
        Map<String, Object> record = JSON.readValue(recordFile.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        Map<String, Object> key = buildKey(settings);
        for (Map.Entry<String, Object> entry : key.entrySet()) {
            if (!String.valueOf(entry.getValue()).equals(String.valueOf(record.get(entry.getKey())))) {
                throw new IllegalArgumentException("--reuse: the index in " + indexDir + " was built with " + entry.getKey() + " "
                        + record.get(entry.getKey()) + ", this run asks for " + entry.getValue() + "; remove it or leave out --reuse");
            }
        }
        key.keySet().forEach(record::remove);
        record.put("reused", true);
        log.printf("  %s: reusing the index in %s (built in %s s)%n", settings.quantization().label(), indexDir, record.get("buildSeconds"));
        return record;
    }

    /** What makes two builds the same index: the items (vectors follow from shape and count) and the graph. */
    private Map<String, Object> buildKey(HnswSettings settings) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("items", plan.items());
        key.put("quantization", settings.quantization().label());
        key.put("maxConnections", settings.maxConnections());
        key.put("beamWidth", settings.beamWidth());
        key.put("forceMerge", plan.forceMergeSegments() == null ? "none" : plan.forceMergeSegments());
        return key;
    }

    private void measure(CatalogIndex index, float[][] queries, ExactNeighbours exact, Map<String, Object> row) throws InterruptedException {
        // Timed warm, as a long-running service searches: the JIT takes seconds to settle on the
        // graph walk's vector code. In a fresh process the first pass over 1000 queries at 100k was
        // 2x the steady state (p50 0.20-0.23 ms, then 0.08-0.11).
        for (int pass = 0; pass < plan.warmUpPasses(); pass++) {
            for (float[] query : queries) {
                nearest(index, query, MetadataFilter.NONE);
                nearest(index, query, FILTER);
                search(index, query);
            }
        }
        row.put("recallAt10", round(recall(index, queries, exact, false)));
        row.put("filteredRecallAt10", round(recall(index, queries, exact, true)));
        Stopwatch one = latencies(queries, 1, q -> nearest(index, q, MetadataFilter.NONE));
        Stopwatch two = latencies(queries, 2, q -> nearest(index, q, MetadataFilter.NONE));
        Stopwatch filtered = latencies(queries, 1, q -> nearest(index, q, FILTER));
        Stopwatch withHits = latencies(queries, 1, q -> search(index, q));
        row.put("p50Ms", round(one.percentile(50)));
        row.put("p99Ms", round(one.percentile(99)));
        row.put("twoThreadsP50Ms", round(two.percentile(50)));
        row.put("twoThreadsP99Ms", round(two.percentile(99)));
        row.put("filteredP50Ms", round(filtered.percentile(50)));
        row.put("filteredP99Ms", round(filtered.percentile(99)));
        row.put("withHitsP50Ms", round(withHits.percentile(50)));
        row.put("withHitsP99Ms", round(withHits.percentile(99)));
        System.gc();
        row.put("heapAfterGcMB", round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6));
        row.put("residentMB", ResidentMemory.currentMB());
        row.put("peakResidentMB", ResidentMemory.peakMB());
        log.printf("  %s, %d candidates: recall@10 %.4f (1%% filter %.4f); p50/p99 %.2f/%.2f ms, two threads %.2f/%.2f ms, "
                        + "filtered %.2f/%.2f ms, reading the hits %.2f/%.2f ms%n",
                row.get("quantization"), row.get("candidates"), row.get("recallAt10"), row.get("filteredRecallAt10"), one.percentile(50),
                one.percentile(99), two.percentile(50), two.percentile(99), filtered.percentile(50), filtered.percentile(99),
                withHits.percentile(50), withHits.percentile(99));
    }

    /** hnswlib's fastest latency at this row's recall or better, and the index's p50 and p99 (ids only, one thread) over it. */
    private static void compare(HnswlibAnchor anchor, Map<String, Object> row) {
        row.put("hnswlibBuildSeconds", anchor.buildSeconds());
        var point = anchor.atRecall((double) row.get("recallAt10"));
        row.put("hnswlibEf", point.map(HnswlibAnchor.Point::ef).orElse(-1));
        row.put("hnswlibRecallAt10", point.map(HnswlibAnchor.Point::recallAt10).orElse(Double.NaN));
        row.put("hnswlibP50Ms", point.map(HnswlibAnchor.Point::p50Ms).orElse(Double.NaN));
        row.put("hnswlibP99Ms", point.map(HnswlibAnchor.Point::p99Ms).orElse(Double.NaN));
        row.put("p50OverHnswlib", point.map(p -> round((double) row.get("p50Ms") / p.p50Ms())).orElse(Double.NaN));
        row.put("p99OverHnswlib", point.map(p -> round((double) row.get("p99Ms") / p.p99Ms())).orElse(Double.NaN));
    }

    /** The share of the exact top 10 that the index returns, over all queries. */
    private static double recall(CatalogIndex index, float[][] queries, ExactNeighbours exact, boolean filtered) {
        long found = 0;
        long wanted = 0;
        for (int q = 0; q < queries.length; q++) {
            Set<String> truth = new HashSet<>();
            for (int i : filtered ? exact.topFiltered(q) : exact.top(q)) {
                truth.add(id(i));
            }
            wanted += truth.size();
            for (CatalogIndex.NearestId hit : nearest(index, queries[q], filtered ? FILTER : MetadataFilter.NONE)) {
                found += truth.contains(hit.id()) ? 1 : 0;
            }
        }
        return (double) found / wanted;
    }

    /** Every query's latency, the queries shared among {@code threads} searching at once. */
    private static Stopwatch latencies(float[][] queries, int threads, Consumer<float[]> search) throws InterruptedException {
        double[] millis = new double[queries.length];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    for (int q = part; q < queries.length; q += threads) {
                        long start = System.nanoTime();
                        search.accept(queries[q]);
                        millis[q] = (System.nanoTime() - start) / 1e6;
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a search failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Stopwatch watch = new Stopwatch(threads + " threads", millis.length);
        for (double m : millis) {
            watch.record(m);
        }
        return watch;
    }

    /** The index alone: the ids of the top 10. */
    private static List<CatalogIndex.NearestId> nearest(CatalogIndex index, float[] query, MetadataFilter filter) {
        try {
            return index.nearestIds(query, K, filter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the service's search does: the top 10 with every hit's stored fields read. */
    private static List<Hit> search(CatalogIndex index, float[] query) {
        try {
            return index.search(query, K, MetadataFilter.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What explain=query costs: the query's features and basis, the search, one finished heatmap per hit (200 queries). */
    private static void explainQuery(EmbeddingModel model, CatalogIndex index, Map<String, Object> row) {
        ModelDescriptor d = model.descriptor();
        EmbeddingCam cam = new EmbeddingCam(model);
        Random random = new Random(11);
        Stopwatch watch = new Stopwatch("search k=10 + explain=query", 200);
        for (int q = 0; q < 200; q++) {
            float[] image = Samples.gaussian(random, 3 * d.inputHeight() * d.inputWidth());
            watch.time(() -> {
                CamFeatures query = cam.analyze(List.of(image)).get(0);
                List<Proxy> proxies = new ArrayList<>();
                for (Hit hit : search(index, query.embedding())) {
                    proxies.add(Proxy.singlePoint(hit.item().embedding()));
                }
                for (Grid signed : query.basis().signedMaps(proxies)) {
                    Heatmap.of(signed, d.inputWidth(), d.inputHeight(), Localizer.DEFAULT_THRESHOLD);
                }
            });
        }
        row.put("explainQueryP50Ms", round(watch.percentile(50)));
        row.put("explainQueryP99Ms", round(watch.percentile(99)));
    }

    static String id(long i) {
        return "item-" + i;
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static double round(double value) {
        return Samples.round(value);
    }
}
