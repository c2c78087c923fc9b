package io.camsearch.bench;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.DemoCatalog;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.TorchRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ingestion through Kafka against the model alone, in one run on one machine.
 *
 * <ol>
 *   <li>Model alone: the demo catalog's images, already decoded and preprocessed, embedded with
 *       their CAM bases in batches of the service's model batch: images per second, the faster
 *       of one batch at a time on all cores and one single-threaded batch per core.
 *   <li>Pipeline: warm-up events (the first images again with their metadata, under other ids) and then the same
 *       images published as events to a real broker before the service starts; then the packaged
 *       service starts on an empty index, and the clock runs from the moment the warm-up events
 *       are upserted until every event is: events per second, through consume, parse, decode,
 *       thumbnail, embed, Lucene upsert and commit.
 * </ol>
 *
 * Both sides are timed warm, as a service runs: in a profile of a cold start, the JIT compilers
 * took a third of the CPU through the first 20 seconds of ingestion, while the model alone had been
 * warmed up. The model is timed before and after the pipeline; the ratio pipeline / (mean of the
 * two) is the share of the model's throughput the pipeline keeps.
 */
public final class IngestBenchmark {

    /**
     * How often progress is read from the service's metrics. A scrape is not free (it renders every
     * meter), so the benchmark does not scrape faster than a dashboard would need; it rounds the
     * pipeline's time up by at most this.
     */
    private static final long POLL_MILLIS = 250;

    private final Path projectDir;
    private final Path workDir;
    private final PrintStream log;

    public IngestBenchmark(Path projectDir, Path workDir, PrintStream log) {
        this.projectDir = projectDir;
        this.workDir = workDir;
        this.log = log;
    }

    /**
     * The service under test beyond the benchmark's own configuration (broker, index path, model
     * batch): all three are recorded in the result.
     *
     * @param model the {@code camsearch.model} it loads: the same model the benchmark times alone
     * @param properties its further configuration
     * @param jvmOptions given as {@code JAVA_TOOL_OPTIONS}, e.g. a flight recording
     */
    public record ServiceUnderTest(String model, Map<String, String> properties, List<String> jvmOptions) {
        public ServiceUnderTest {
            properties = Map.copyOf(properties);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /** @param model the model {@code service.model()} names, opened */
    public Map<String, Object> run(EmbeddingModel model, DemoCatalog catalog, int modelBatch, int warmUpEvents, ServiceUnderTest service) throws Exception {
        List<byte[]> images = catalog.pngs();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("events", images.size());
        row.put("warmUpEvents", warmUpEvents);
        row.put("model", service.model());
        row.put("modelBatch", modelBatch);
        if (!service.properties().isEmpty()) {
            row.put("serviceProperties", new java.util.TreeMap<>(service.properties()));
        }
        if (!service.jvmOptions().isEmpty()) {
            row.put("serviceJvmOptions", service.jvmOptions());
        }
        // The model is timed before and after the pipeline and compared with their mean: on a shared
        // machine one phase alone can meet a busy minute that the other does not. Each time both
        // ways of giving it the cores are timed, and the faster is the model's throughput.
        ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
        List<float[]> inputs = new ArrayList<>(images.size());
        for (byte[] png : images) {
            inputs.add(explainer.toInput(explainer.decode(png)));
        }
        double modelBefore = modelAlone(explainer, inputs, modelBatch, row, "Before");
        double pipelineRate = pipeline(images, catalog, modelBatch, warmUpEvents, service, row);
        double modelAfter = modelAlone(explainer, inputs, modelBatch, row, "After");
        double modelRate = (modelBefore + modelAfter) / 2;
        row.put("pipelineShareOfModel", Math.round(pipelineRate / modelRate * 1000) / 1000.0);
        return row;
    }

    /**
     * Publishes the warm-up events and the images, runs the service on an empty index until all are
     * upserted; events per second after the warm-up.
     */
    private double pipeline(List<byte[]> images, DemoCatalog catalog, int modelBatch, int warmUpEvents, ServiceUnderTest underTest,
                            Map<String, Object> row) throws Exception {
        Path target = projectDir.resolve("target");
        try (KafkaBroker broker = KafkaBroker.start(workDir.resolve("kafka"), KafkaBroker.packagedClasspath(target), 0)) {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
            try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
                for (int i = 0; i < warmUpEvents; i++) {
                    // The image's own metadata: with other metadata (one string, where the catalog's
                    // events have five and a number) the JIT compiled the warm-up's paths, and the
                    // timed events began with deoptimizations and with compiling the numeric fields'
                    // indexing (Lucene's points) in the timed window.
                    publisher.upsert("warm-up-" + i, images.get(i % images.size()), catalog.metadata(i));
                }
                catalog.publish(publisher, log);
            }
            log.println("  published; starting the service on an empty index");
            Map<String, String> config = new LinkedHashMap<>(underTest.properties());
            config.put("camsearch.model", underTest.model());
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            config.put("camsearch.index.path", workDir.resolve("index").toString());
            config.put("camsearch.ingest.model-batch", Integer.toString(modelBatch));
            try (ServiceProcess service = ServiceProcess.start(target.resolve("quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(),
                    KafkaBroker.freePort(), config,
                    underTest.jvmOptions().isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", String.join(" ", underTest.jvmOptions())),
                    workDir.resolve("service.log"), "3g")) {
                service.awaitReady(Duration.ofMinutes(3));
                // HTTP/1.1: the JDK client's default h2c upgrade, on a service whose cores the
                // ResNet-50-shaped model kept busy, ended a scrape in "EOF reached while reading".
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                // The count moves by whole batches (up to max.poll.records) and is read every
                // POLL_MILLIS, so it is usually past the warm-up when first seen: only the events
                // upserted after that reading are timed.
                double atStart = awaitUpserted(http, service, warmUpEvents, () -> { });
                if (atStart >= warmUpEvents + images.size()) {
                    throw new IOException("all " + images.size() + " events were upserted by the first reading after the warm-up,"
                            + " so none is left to time; use a larger catalog (--classes, --per-class; the default is 200 x 30)");
                }
                long start = System.nanoTime();
                long pid = service.process().pid();
                ThreadCpuTimes cpuBefore = ThreadCpuTimes.of(pid);
                ThreadCpuTimes[] cpuSeen = {cpuBefore};
                int total = warmUpEvents + images.size();
                log.printf("  %d warm-up events upserted (%.0f seen); timing the %.0f after them%n", warmUpEvents, atStart, total - atStart);
                awaitUpserted(http, service, total, () -> cpuSeen[0] = ThreadCpuTimes.of(pid).keepingExited(cpuSeen[0]));
                double seconds = (System.nanoTime() - start) / 1e9;
                ThreadCpuTimes cpuAfter = ThreadCpuTimes.of(pid).keepingExited(cpuSeen[0]);
                double timed = total - atStart;
                double pipelineRate = timed / seconds;
                log.printf("  pipeline: %.0f events in %.1f s = %.0f events/s%n", timed, seconds, pipelineRate);
                row.put("timedEvents", (int) timed);
                row.put("pipelineSeconds", round(seconds));
                row.put("pipelineEventsPerSecond", round(pipelineRate));
                stageCpu(cpuBefore, cpuAfter, timed, row);
                return pipelineRate;
            }
        }
    }

    /**
     * The service's CPU per timed event by stage, from its threads' times over the timed window
     * (after the warm-up, so the JIT's start is left out; what it still compiles is in {@code jit}).
     */
    private void stageCpu(ThreadCpuTimes before, ThreadCpuTimes after, double events, Map<String, Object> row) {
        Map<String, Double> perEvent = StageCpu.perEvent(StageCpu.SERVICE_STAGES, before, after, events);
        double nonModel = StageCpu.nonModel(perEvent);
        log.printf("  service CPU per event over the timed window (core-ms; threads grouped by name, %d-ms ticks):%n", 1000 / ThreadCpuTimes.TICKS_PER_SECOND);
        for (StageCpu.Stage stage : StageCpu.SERVICE_STAGES) {
            log.printf("    %-12s %7.3f  %s%n", stage.key(), perEvent.get(stage.key()), stage.work());
        }
        log.printf("    %-12s %7.3f  threads no stage names: %s%n", StageCpu.OTHER, perEvent.get(StageCpu.OTHER), StageCpu.unclaimed(StageCpu.SERVICE_STAGES, before, after));
        log.printf("    %-12s %7.3f  threads that started and exited between two readings (every %d ms)%n", StageCpu.EXITED, perEvent.get(StageCpu.EXITED), POLL_MILLIS);
        log.printf("    non-model total %.3f core-ms per event%n", nonModel);
        Map<String, Double> rounded = new LinkedHashMap<>();
        perEvent.forEach((stage, ms) -> rounded.put(stage, round3(ms)));
        row.put("cpuMsPerEvent", rounded);
        row.put("nonModelCpuMsPerEvent", round3(nonModel));
    }

    /** What the benchmark does at each reading of the service's progress. */
    private interface Poll {
        void run() throws IOException;
    }

    /** Waits until at least {@code events} are upserted, calling {@code eachPoll} after each reading short of it; the count then seen. */
    private double awaitUpserted(HttpClient http, ServiceProcess service, int events, Poll eachPoll) throws IOException, InterruptedException {
        long start = System.nanoTime();
        double done;
        while (true) {
            // One scrape a poll.
            String metrics = scrape(http, service);
            done = sample(metrics, "camsearch_ingest_events_total{outcome=\"upserted\"}");
            if (done >= events) {
                break;
            }
            double rejected = sample(metrics, "camsearch_ingest_events_total{outcome=\"rejected\"}");
            if (rejected > 0) {
                throw new IOException("the service sent " + rejected + " benchmark events to the dead-letter topic; see " + workDir.resolve("service.log"));
            }
            if (System.nanoTime() - start > Duration.ofMinutes(20).toNanos()) {
                throw new IOException("the service upserted only " + done + " of " + events + " events in 20 minutes; see " + workDir.resolve("service.log"));
            }
            eachPoll.run();
            Thread.sleep(POLL_MILLIS);
        }
        return done;
    }

    /**
     * The model alone, in images per second, the faster of: one batch at a time on libtorch's
     * default threads, and one single-threaded batch per core (as the service's model workers
     * run). Both are recorded in {@code row}, suffixed with {@code when}.
     */
    private double modelAlone(ImageExplainer explainer, List<float[]> inputs, int batch, Map<String, Object> row, String when) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        double shared = modelAlone(explainer, inputs, batch, 1, 0);
        double perCore = modelAlone(explainer, inputs, batch, cores, 1);
        log.printf("  model alone: %.0f images/s one batch at a time, %.0f with one single-threaded batch on each of %d cores (batches of %d, CAM basis included)%n",
                shared, perCore, cores, batch);
        row.put("modelOneBatch" + when, round(shared));
        row.put("modelBatchPerCore" + when, round(perCore));
        return Math.max(shared, perCore);
    }

    /** {@code workers} threads embed every {@code workers}-th batch; {@code threads} > 0 limits each one's libtorch threads. */
    private static double modelAlone(ImageExplainer explainer, List<float[]> inputs, int batch, int workers, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            // Warm up with a whole pass: the first timing otherwise includes libtorch's and the JIT's
            // start (seen: 595 images/s before the pipeline, 949 after, with 3 warm-up batches).
            pass(pool, explainer, inputs, batch, workers, threads);
            long start = System.nanoTime();
            pass(pool, explainer, inputs, batch, workers, threads);
            return inputs.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void pass(ExecutorService pool, ImageExplainer explainer, List<float[]> inputs, int batch, int workers, int threads) throws Exception {
        List<Future<?>> running = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            running.add(pool.submit(() -> {
                if (threads > 0) {
                    TorchRuntime.limitIntraOpThreads(threads);
                }
                for (int first = worker * batch; first < inputs.size(); first += workers * batch) {
                    explainer.analyzeInputs(inputs.subList(first, Math.min(inputs.size(), first + batch)));
                }
            }));
        }
        for (Future<?> r : running) {
            r.get();
        }
    }

    /** The service's metrics; a reading that fails is tried once more (the next reading would do as well). */
    private static String scrape(HttpClient http, ServiceProcess service) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).timeout(Duration.ofSeconds(30)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException first) {
            Thread.sleep(POLL_MILLIS);
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** The value of the first Prometheus sample line of {@code metrics} that starts with {@code sample}, 0 if none. */
    private static double sample(String metrics, String sample) {
        return metrics.lines().filter(l -> l.startsWith(sample))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
