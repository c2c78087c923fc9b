package io.camsearch.bench;

import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.Vectors;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.MetadataFilter;
import io.camsearch.index.SourceVersion;
import io.camsearch.ingest.BatchReport;
import io.camsearch.ingest.CatalogEmbedder;
import io.camsearch.ingest.CatalogIngestor;
import io.camsearch.ingest.Change;
import io.camsearch.ingest.DeadLetterSink;
import io.camsearch.ingest.EmbeddingsTopicReader;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.ingest.IndexApplier;
import io.camsearch.ingest.IngestSettings;
import io.camsearch.ingest.ModelEmbedder;
import io.camsearch.ingest.Positions;
import io.camsearch.ingest.RunningEmbedder;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.DemoCatalog;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.LocalRoles;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelIdentity;
import io.camsearch.source.ImageFetcher;
import io.camsearch.source.SourceSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 12's scale-out path against today's one process, in one run on one machine, with the real
 * classes in this JVM against a real local broker:
 *
 * <ol>
 *   <li>Throughput: the same demo catalog events through the one-process path (catalog-images ->
 *       {@link CatalogIngestor} -> {@link IndexApplier}) and through the two roles (catalog-images
 *       -> {@link CatalogEmbedder} -> embeddings topic -> {@link EmbeddingsTopicReader} -> {@link
 *       IndexApplier}), each into its own index, one path after the other, each after warm-up
 *       events of its own; events per second from the first event published until the last is
 *       searchable. Both indexes must end with the same ids.
 *   <li>Rebuild: R synthetic envelopes ({@link SyntheticEnvelopes}: no model) on a topic, read by a
 *       fresh searcher until it has caught up, against the same R items applied straight to an
 *       index through an {@link IndexApplier} in chunks of a poll's size; same graph settings.
 *   <li>Merge: the rebuilt index's searches (segments, time per query, recall@10) as the reader
 *       leaves it and after merging it into one segment, and what the merge takes.
 *   <li>Bytes per item on the topic: the envelope by field ({@link EnvelopeBytes}, the mean over
 *       real items of part 1) and the broker's log files on disk over the records in them.
 * </ol>
 */
public final class ScaleBenchmark {

    /**
     * @param warmUpEvents events each path ingests before its clock starts (the first catalog images
     *     under other ids)
     * @param envelopes R, the items of the rebuild
     * @param partitions of every topic, so one embedder and one reader each read several
     * @param readerProperties consumer settings of the searchers' readers beyond the broker's address
     *     (e.g. {@code max.partition.fetch.bytes}), as a deployment would pass them
     */
    public record Settings(int warmUpEvents, int envelopes, int partitions, int modelBatch, Map<String, String> readerProperties) {
        public Settings {
            readerProperties = Map.copyOf(readerProperties);
            if (warmUpEvents < 0 || envelopes < 1 || partitions < 1 || modelBatch < 1) {
                throw new IllegalArgumentException("the warm-up must be >= 0 events, and the envelopes, partitions and model batch >= 1; got "
                        + warmUpEvents + ", " + envelopes + ", " + partitions + " and " + modelBatch);
            }
        }
    }

    /** One table per part, and the machine they ran on. */
    public record Result(Map<String, Object> machine, List<Map<String, Object>> throughput, List<Map<String, Object>> rebuild,
                         List<Map<String, Object>> merge, List<Map<String, Object>> topicBytes) {}

    /**
     * The service's refresh interval (camsearch.index.refresh-interval), for every index here: a
     * shorter one would cut each index into more segments than the service makes. Part 1's clock
     * stops at the first refresh that shows the last item, so it runs up to this much long.
     */
    private static final long REFRESH_MILLIS = 500;
    private static final long SIZE_POLL_MILLIS = 20;
    /** The service's default commit interval (camsearch.ingest.commit-interval). */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** Records a searcher's poll returns at most (the consumer's default max.poll.records): the direct build's chunk. */
    private static final int POLL_RECORDS = 500;
    private static final int SAMPLE_ITEMS = 64;
    private static final int MERGE_QUERIES = 200;
    private static final int K = 10;
    private static final Duration PART_TIMEOUT = Duration.ofMinutes(60);
    private static final DeadLetterSink NO_DEAD_LETTERS = letters -> {
        throw new IOException("the benchmark's events are all valid, yet " + letters.size() + " were rejected, the first for "
                + letters.getFirst().reason() + ": " + letters.getFirst().detail());
    };

    private final String brokerClasspath;
    private final Path workDir;
    private final PrintStream log;

    public ScaleBenchmark(String brokerClasspath, Path workDir, PrintStream log) {
        this.brokerClasspath = brokerClasspath;
        this.workDir = workDir;
        this.log = log;
    }

    public Result run(EmbeddingModel model, ModelIdentity identity, DemoCatalog catalog, Settings settings, String commandLine) throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("command", commandLine);
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("partitions", settings.partitions());
        machine.put("modelBatch", settings.modelBatch());
        machine.put("warmUpEvents", settings.warmUpEvents());
        machine.put("readerProperties", settings.readerProperties().isEmpty() ? "(defaults)" : new TreeMap<>(settings.readerProperties()).toString());
        machine.put("loadAverageAtStart", Machine.loadAverage());
        try (Cleanup cleanup = new Cleanup()) {
            KafkaBroker broker = cleanup.add(KafkaBroker.start(workDir.resolve("kafka"), brokerClasspath, 0));
            // The model's M, as the service has it: items and envelopes hold the explanation as it stores them.
            SharedGradient gradient = new EmbeddingCam(model).sharedGradient().orElse(null);
            Throughput throughput = throughput(broker, model, identity, gradient, catalog, settings);
            List<CatalogItem> samples = throughput.samples;
            List<Map<String, Object>> merge = new ArrayList<>();
            List<Map<String, Object>> rebuild = rebuild(broker, identity, gradient, samples, settings, merge);
            List<Map<String, Object>> bytes = topicBytes(identity, gradient, samples, throughput.envelopesOnTopic, settings.envelopes());
            machine.put("loadAverageAtEnd", Machine.loadAverage());
            return new Result(machine, throughput.rows, rebuild, merge, bytes);
        }
    }

    /** Part 1's rows, real items of the model for parts 2 and 3, and how many envelopes its embedder published. */
    private record Throughput(List<Map<String, Object>> rows, List<CatalogItem> samples, int envelopesOnTopic) {}

    private Throughput throughput(KafkaBroker broker, EmbeddingModel model, ModelIdentity identity, SharedGradient gradient, DemoCatalog catalog,
            Settings settings)
            throws Exception {
        Map<String, byte[]> warmUp = first(catalog.events("warm-up-"), settings.warmUpEvents());
        Map<String, byte[]> events = catalog.events("");
        int total = warmUp.size() + events.size();
        String bootstrap = broker.bootstrapServers();
        broker.createTopics(List.of("catalog-images.one-process", "catalog-images.roles"), settings.partitions());
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        ModelEmbedder embedder = new ModelEmbedder(new ImageExplainer(model, decoder), 1);
        IngestSettings ingest = ingestSettings(settings.modelBatch());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ImageFetcher fetcher = ImageFetcher.standalone(sourceSettings());
             CatalogIndex oneProcess = CatalogIndex.open(workDir.resolve("index-one-process"), REFRESH_MILLIS, HnswSettings.DEFAULT, gradient);
             CatalogIndex roles = CatalogIndex.open(workDir.resolve("index-roles"), REFRESH_MILLIS, HnswSettings.DEFAULT, gradient)) {
            double oneProcessRate;
            log.println("one process: catalog-images -> stages -> index");
            try (CatalogEmbedder loop = LocalRoles.consume(bootstrap, "bench-one-process", "catalog-images.one-process",
                    new CatalogIngestor(fetcher, decoder, embedder, oneProcess, NO_DEAD_LETTERS, ingest))) {
                oneProcessRate = timePath(bootstrap, "catalog-images.one-process", warmUp, events, oneProcess, loop::failure, rows, "one process");
            }
            log.println("two roles: catalog-images -> embedder -> " + EmbeddingsTopic.name(identity) + " -> searcher -> index");
            EmbeddingsTopicSetup topic = new EmbeddingsTopicSetup(settings.partitions(), (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES);
            try (RunningEmbedder roleEmbedder = LocalRoles.embedder(bootstrap, "bench-embedder", "catalog-images.roles", identity, gradient, topic,
                    NO_DEAD_LETTERS, CatalogIngestor.applierCapacity(ingest), publisher -> new CatalogIngestor(fetcher, decoder, embedder, publisher, ingest));
                 EmbeddingsTopicReader reader = EmbeddingsTopicReader.start(readerConfig(bootstrap, settings), EmbeddingsTopic.name(identity),
                         identity, roles, index -> IndexApplier.open(index, NO_DEAD_LETTERS, ingest))) {
                Supplier<Throwable> failure = () -> roleEmbedder.failure() != null ? roleEmbedder.failure()
                        : reader.stopped().isCompletedExceptionally() ? reader.stopped().exceptionNow() : null;
                double rolesRate = timePath(bootstrap, "catalog-images.roles", warmUp, events, roles, failure, rows, "embedder -> topic -> searcher");
                rows.getFirst().put("ofOneProcess", 1.0);
                rows.getLast().put("ofOneProcess", Samples.round(rolesRate / oneProcessRate));
            }
            Set<String> oneProcessIds = ids(oneProcess);
            Set<String> rolesIds = ids(roles);
            Set<String> expected = new HashSet<>(warmUp.keySet());
            expected.addAll(events.keySet());
            for (Map<String, Object> row : rows) {
                row.put("sameItems", oneProcessIds.equals(rolesIds) && oneProcessIds.equals(expected));
            }
            log.printf("  both indexes hold the %d items published: %s%n", total, oneProcessIds.equals(rolesIds) && oneProcessIds.equals(expected));
            List<CatalogItem> samples = roles.find(MetadataFilter.NONE, SAMPLE_ITEMS).items();
            return new Throughput(rows, samples, total);
        }
    }

    /**
     * Publishes the warm-up events and waits until they are searchable, then times the events from
     * the first published until all are searchable; adds the row and returns events per second.
     */
    private double timePath(String bootstrap, String topic, Map<String, byte[]> warmUp, Map<String, byte[]> events, CatalogIndex index,
            Supplier<Throwable> failure, List<Map<String, Object>> rows, String path) throws Exception {
        try (CatalogPublisher publisher = new CatalogPublisher(bootstrap, topic)) {
            warmUp.forEach(publisher::send);
            publisher.flush();
            awaitSize(index, warmUp.size(), failure, path + " warm-up");
            long start = System.nanoTime();
            events.forEach(publisher::send);
            publisher.flush();
            awaitSize(index, warmUp.size() + events.size(), failure, path);
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = events.size() / seconds;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", path);
            row.put("events", events.size());
            row.put("seconds", round1(seconds));
            row.put("eventsPerSecond", round1(rate));
            row.put("loadAverage", Machine.loadAverage());
            rows.add(row);
            log.printf("  %s: %d events in %.1f s = %.1f events/s (load average %s)%n", path, events.size(), seconds, rate, row.get("loadAverage"));
            return rate;
        }
    }

    /** Part 2's rows; adds to {@code merge} the rebuilt index's searches before and after merging it into one segment. */
    private List<Map<String, Object>> rebuild(KafkaBroker broker, ModelIdentity identity, SharedGradient gradient, List<CatalogItem> samples,
            Settings settings, List<Map<String, Object>> merge) throws Exception {
        int r = settings.envelopes();
        SyntheticEnvelopes synthetic = new SyntheticEnvelopes(identity, gradient, samples, 12);
        String topic = rebuildTopic(identity);
        String bootstrap = broker.bootstrapServers();
        LocalRoles.createEmbeddingsTopic(bootstrap, topic, new EmbeddingsTopicSetup(settings.partitions(), (short) 1, 1,
                EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES));
        log.printf("rebuild: publishing %d synthetic envelopes to %s%n", r, topic);
        try (CatalogPublisher publisher = new CatalogPublisher(bootstrap, topic)) {
            for (int i = 0; i < r; i++) {
                publisher.send(SyntheticEnvelopes.id(i), synthetic.envelope(i));
                if ((i + 1) % 1000 == 0) {
                    publisher.flush();
                }
                if ((i + 1) % Math.max(1, r / 10) == 0) {
                    log.printf("  published %d/%d%n", i + 1, r);
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Path fromTopic = workDir.resolve("index-rebuilt");
        try (CatalogIndex index = CatalogIndex.open(fromTopic, REFRESH_MILLIS, HnswSettings.DEFAULT, gradient)) {
            long start = System.nanoTime();
            try (EmbeddingsTopicReader reader = EmbeddingsTopicReader.start(readerConfig(bootstrap, settings), topic, identity, index,
                    target -> new IndexApplier(target, NO_DEAD_LETTERS, COMMIT_INTERVAL, 4))) {
                reader.caughtUp().get(PART_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
                rows.add(rebuildRow("fresh searcher from the topic", r, System.nanoTime() - start));
            }
            rows.getLast().put("sameItems", holdsExactly(index, r));
            merged(index, synthetic, r, merge);
        }
        Path direct = workDir.resolve("index-direct");
        try (CatalogIndex index = CatalogIndex.open(direct, REFRESH_MILLIS, HnswSettings.DEFAULT, gradient)) {
            long start = System.nanoTime();
            try (IndexApplier applier = new IndexApplier(index, NO_DEAD_LETTERS, COMMIT_INTERVAL, 4)) {
                CompletableFuture<BatchReport> last = CompletableFuture.completedFuture(null);
                for (int first = 0; first < r; first += POLL_RECORDS) {
                    List<Change> chunk = new ArrayList<>(POLL_RECORDS);
                    for (int i = first; i < Math.min(r, first + POLL_RECORDS); i++) {
                        chunk.add(new Change.Upsert(synthetic.item(i)));
                    }
                    // Positions as a reader of one partition records them: without any, the applier would commit nothing.
                    Positions after = Positions.of(topic, 0, Math.min(r, first + POLL_RECORDS));
                    last = applier.apply(after, () -> CompletableFuture.completedFuture(chunk));
                }
                last.get(PART_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
                rows.add(rebuildRow("direct build (index applier)", r, System.nanoTime() - start));
            }
            rows.getLast().put("sameItems", holdsExactly(index, r));
        }
        // Both closed: their appliers committed, and the files are what a restart would open.
        rows.get(0).put("indexMB", megabytes(fromTopic));
        rows.get(1).put("indexMB", megabytes(direct));
        rows.get(0).put("ofDirect", Samples.round((double) rows.get(0).get("itemsPerSecond") / (double) rows.get(1).get("itemsPerSecond")));
        rows.get(1).put("ofDirect", 1.0);
        return rows;
    }

    /**
     * The rebuilt index's searches as the reader leaves it without a merge, then after {@code
     * forceMerge(1)} (what camsearch.index.rebuild-max-segments does before a searcher turns
     * ready): segments, search time per query (the graph walks only: ids, no stored fields) and
     * recall@10 against the exact neighbours, over the same queries.
     */
    private void merged(CatalogIndex index, SyntheticEnvelopes synthetic, int r, List<Map<String, Object>> rows) throws IOException {
        float[][] queries = new float[MERGE_QUERIES][];
        Random random = new Random(7);
        for (int q = 0; q < queries.length; q++) {
            queries[q] = Vectors.normalized(Samples.gaussian(random, synthetic.unitVector(0).length));
        }
        List<Set<String>> exact = exactTop(synthetic, r, queries);
        rows.add(searchRow(index, "rebuilt, as read", queries, exact, 0));
        long start = System.nanoTime();
        index.forceMerge(1);
        double seconds = (System.nanoTime() - start) / 1e9;
        rows.add(searchRow(index, "rebuilt, merged to 1 segment", queries, exact, seconds));
    }

    private Map<String, Object> searchRow(CatalogIndex index, String state, float[][] queries, List<Set<String>> exact, double mergeSeconds)
            throws IOException {
        for (float[] query : queries) {
            index.nearestIds(query, K, MetadataFilter.NONE);
        }
        double[] millis = new double[queries.length];
        int found = 0;
        for (int q = 0; q < queries.length; q++) {
            long start = System.nanoTime();
            List<CatalogIndex.NearestId> nearest = index.nearestIds(queries[q], K, MetadataFilter.NONE);
            millis[q] = (System.nanoTime() - start) / 1e6;
            for (CatalogIndex.NearestId id : nearest) {
                found += exact.get(q).contains(id.id()) ? 1 : 0;
            }
        }
        Arrays.sort(millis);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("index", state);
        row.put("segments", index.segments());
        row.put("mergeSeconds", round1(mergeSeconds));
        row.put("searchMsP50", Samples.round(LatencySummary.nearestRank(millis, 50)));
        row.put("searchMsP95", Samples.round(LatencySummary.nearestRank(millis, 95)));
        row.put("recallAt10", Samples.round((double) found / (K * queries.length)));
        row.put("loadAverage", Machine.loadAverage());
        log.printf("  %s: %s%n", state, row);
        return row;
    }

    /** The exact top {@value #K} ids of each query among the r synthetic items. */
    private static List<Set<String>> exactTop(SyntheticEnvelopes synthetic, int r, float[][] queries) {
        List<PriorityQueue<Map.Entry<Double, Integer>>> tops = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            tops.add(new PriorityQueue<>(Map.Entry.comparingByKey()));
        }
        for (int i = 0; i < r; i++) {
            float[] v = synthetic.unitVector(i);
            for (int q = 0; q < queries.length; q++) {
                var top = tops.get(q);
                top.add(Map.entry((double) Vectors.dot(queries[q], v), i));
                if (top.size() > K) {
                    top.poll();
                }
            }
        }
        List<Set<String>> ids = new ArrayList<>();
        for (var top : tops) {
            Set<String> set = new HashSet<>();
            top.forEach(entry -> set.add(SyntheticEnvelopes.id(entry.getValue())));
            ids.add(set);
        }
        return ids;
    }

    private Map<String, Object> rebuildRow(String path, int items, long nanos) throws IOException {
        double seconds = nanos / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("path", path);
        row.put("items", items);
        row.put("seconds", round1(seconds));
        row.put("itemsPerSecond", round1(items / seconds));
        row.put("loadAverage", Machine.loadAverage());
        log.printf("  %s: %d items in %.1f s = %.0f items/s (load average %s)%n", path, items, seconds, items / seconds, row.get("loadAverage"));
        return row;
    }

    /** Whether the index holds exactly the synthetic items 0..r-1, each at its version. */
    private static boolean holdsExactly(CatalogIndex index, int r) throws IOException {
        index.refresh();
        if (index.size() != r) {
            return false;
        }
        List<String> ids = new ArrayList<>(r);
        for (int i = 0; i < r; i++) {
            ids.add(SyntheticEnvelopes.id(i));
        }
        List<Optional<SourceVersion>> sources = index.sources(ids);
        for (int i = 0; i < r; i++) {
            if (!sources.get(i).equals(Optional.of(SyntheticEnvelopes.version(i)))) {
                return false;
            }
        }
        return true;
    }

    private List<Map<String, Object>> topicBytes(ModelIdentity identity, SharedGradient gradient, List<CatalogItem> samples, int realRecords,
            int syntheticRecords) throws IOException {
        EnvelopeBytes mean = EnvelopeBytes.meanOf(identity, gradient, samples);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(bytesRow("embedding", mean.embedding(), mean.envelope()));
        rows.add(bytesRow("explanation (StoredExplanation)", mean.explanation(), mean.envelope()));
        rows.add(bytesRow("thumbnail", mean.thumbnail(), mean.envelope()));
        rows.add(bytesRow("metadata", mean.metadata(), mean.envelope()));
        rows.add(bytesRow("envelope overhead", mean.overhead(), mean.envelope()));
        rows.add(bytesRow("envelope (record value)", mean.envelope(), mean.envelope()));
        double key = samples.stream().mapToInt(item -> item.id().getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
        rows.add(bytesRow("record key (item id)", key, mean.envelope()));
        Path logDir = workDir.resolve("kafka").resolve("log");
        rows.add(bytesRow("broker log on disk per record, " + EmbeddingsTopic.name(identity) + " (" + realRecords + " real items)",
                (double) logBytes(logDir, EmbeddingsTopic.name(identity)) / realRecords, mean.envelope()));
        rows.add(bytesRow("broker log on disk per record, rebuild topic (" + syntheticRecords + " synthetic items)",
                (double) logBytes(logDir, rebuildTopic(identity)) / syntheticRecords, mean.envelope()));
        return rows;
    }

    private static Map<String, Object> bytesRow(String part, double bytes, double envelope) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("part", part);
        row.put("bytes", round1(bytes));
        row.put("ofEnvelope", Samples.round(bytes / envelope));
        return row;
    }

    /** The sizes of the topic's log segments (not their preallocated index files), all partitions. */
    static long logBytes(Path logDir, String topic) throws IOException {
        long bytes = 0;
        try (Stream<Path> partitions = Files.list(logDir)) {
            for (Path partition : partitions.filter(p -> p.getFileName().toString().matches(Pattern.quote(topic) + "-\\d+")).toList()) {
                try (Stream<Path> files = Files.list(partition)) {
                    for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                        bytes += Files.size(segment);
                    }
                }
            }
        }
        return bytes;
    }

    private static Map<String, Object> readerConfig(String bootstrap, Settings settings) {
        Map<String, Object> config = new LinkedHashMap<>(settings.readerProperties());
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    private static String rebuildTopic(ModelIdentity identity) {
        return EmbeddingsTopic.name(identity) + ".rebuild";
    }

    private static IngestSettings ingestSettings(int modelBatch) {
        // The service's defaults (camsearch.ingest.*), the model workers one per core as it sets them.
        return IngestSettings.builder().modelBatch(modelBatch).fetchThreads(4).modelWorkers(Runtime.getRuntime().availableProcessors())
                .modelThreads(1).thumbnailMaxSide(Thumbnail.DEFAULT_MAX_SIDE).commitInterval(COMMIT_INTERVAL).concurrentFetches(16).build();
    }

    private static SourceSettings sourceSettings() {
        // The service's defaults (camsearch.source.*); the events carry their images inline, so nothing is fetched.
        return new SourceSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), ImageLimits.DEFAULT_MAX_BYTES, Optional.empty(), List.of(), false, 5);
    }

    private static void awaitSize(CatalogIndex index, int size, Supplier<Throwable> failure, String what) throws Exception {
        long deadline = System.nanoTime() + PART_TIMEOUT.toNanos();
        while (index.size() < size) {
            Throwable failed = failure.get();
            if (failed != null) {
                throw new IOException(what + " stopped: " + failed.getMessage(), failed);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + ": only " + index.size() + " of " + size + " items were searchable after " + PART_TIMEOUT.toMinutes() + " minutes");
            }
            Thread.sleep(SIZE_POLL_MILLIS);
        }
    }

    private static Set<String> ids(CatalogIndex index) throws IOException {
        index.refresh();
        Set<String> ids = new HashSet<>();
        String after = null;
        CatalogIndex.Page page;
        do {
            page = index.pageAfter(MetadataFilter.NONE, after, POLL_RECORDS);
            page.items().forEach(item -> ids.add(item.id()));
            after = page.items().isEmpty() ? after : page.items().getLast().id();
        } while (page.more());
        return ids;
    }

    private static Map<String, byte[]> first(Map<String, byte[]> events, int n) {
        Map<String, byte[]> first = new LinkedHashMap<>();
        for (var entry : events.entrySet()) {
            if (first.size() == n) {
                break;
            }
            first.put(entry.getKey(), entry.getValue());
        }
        return first;
    }

    private static double megabytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(file);
            }
            return round1(bytes / 1e6);
        }
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
