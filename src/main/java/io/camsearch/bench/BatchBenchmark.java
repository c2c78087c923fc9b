package io.camsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.local.DemoCatalog;
import io.camsearch.local.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch saves, in one run against the packaged service with the demo catalog indexed: one
 * batch of n queries against the same n queries as single calls one after another (as a client
 * without the batch endpoints sends them), for similar items ({@code POST /items/similar} against
 * {@code GET /items/{id}/similar}, explain=both) and for uploaded images ({@code POST /search/batch}
 * against {@code POST /search}, explain=query). The two alternate which goes first, round by round,
 * after a warm-up round that is not recorded; each batch answer is checked to hold n results.
 */
public final class BatchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param batchSize the queries in one batch (and the single calls it is compared with)
     * @param rounds recorded rounds, each one batch and n single calls per kind
     * @param k hits per query
     */
    public record Settings(int batchSize, int rounds, int k) {
        public Settings {
            if (batchSize < 1 || rounds < 1 || k < 1) {
                throw new IllegalArgumentException("the batch size, rounds and k must be at least 1, got " + batchSize + ", " + rounds + " and " + k);
            }
        }
    }

    /** @param rows per kind of query: the median milliseconds of the batch and of the n single calls, and their ratio */
    public record Result(Map<String, Object> run, List<Map<String, Object>> rows) {}

    /**
     * One batch or n single calls: the client's milliseconds; the service's own (embed + search +
     * explain, summed over single calls); and the CPU milliseconds the service process used meanwhile,
     * the fair measure on a shared machine, where one long burst of work waits for the CPU more than
     * many short ones do.
     */
    private record Timed(double clientMillis, double serviceMillis, double serviceCpuMillis) {}

    /** One kind of query, sent as one batch or as single calls. */
    private record Kind(String label, HttpRequest batch, List<HttpRequest> singles) {}

    private final Path projectDir;
    private final Path workDir;
    private final PrintStream log;

    public BatchBenchmark(Path projectDir, Path workDir, PrintStream log) {
        this.projectDir = projectDir;
        this.workDir = workDir;
        this.log = log;
    }

    public Result run(DemoCatalog catalog, Settings settings, Map<String, String> serviceProperties) throws Exception {
        if (catalog.size() < settings.batchSize()) {
            throw new IllegalArgumentException("a batch of " + settings.batchSize() + " needs a catalog of at least that many items, got " + catalog.size());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("catalogItems", catalog.size());
        run.put("batchSize", settings.batchSize());
        run.put("rounds", settings.rounds());
        run.put("k", settings.k());
        run.put("serviceProperties", new TreeMap<>(serviceProperties));
        List<byte[]> pngs = catalog.pngs();
        try (Cleanup cleanup = new Cleanup()) {
            ServiceProcess service = DemoService.start(cleanup, projectDir, workDir, catalog, serviceProperties, log);
            service.awaitReady(Duration.ofMinutes(3));
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                DemoService.awaitIndexed(http, service, catalog.size(), DemoService.serviceLog(workDir), log);
                List<String> ids = DemoService.itemIds(http, service);
                // Spread over the catalog: one query per class where the batch allows.
                int step = Math.max(1, Math.min(ids.size(), pngs.size()) / settings.batchSize());
                List<String> queryIds = new ArrayList<>();
                List<byte[]> queryImages = new ArrayList<>();
                for (int i = 0; i < settings.batchSize(); i++) {
                    queryIds.add(ids.get(i * step % ids.size()));
                    queryImages.add(pngs.get(i * step % pngs.size()));
                }
                List<Kind> kinds = List.of(items(service.baseUrl(), queryIds, settings.k()), images(service.baseUrl(), queryImages, settings.k()));
                log.println("  warm-up round");
                for (Kind kind : kinds) {
                    time(http, service, kind, true, settings.batchSize());
                    time(http, service, kind, false, settings.batchSize());
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Kind kind : kinds) {
                    Timed[] batch = new Timed[settings.rounds()];
                    Timed[] singles = new Timed[settings.rounds()];
                    for (int r = 0; r < settings.rounds(); r++) {
                        boolean batchFirst = r % 2 == 0;
                        if (batchFirst) {
                            batch[r] = time(http, service, kind, true, settings.batchSize());
                        }
                        singles[r] = time(http, service, kind, false, settings.batchSize());
                        if (!batchFirst) {
                            batch[r] = time(http, service, kind, true, settings.batchSize());
                        }
                        log.printf("  %s, round %d: batch %.0f ms (service %.0f, CPU %.0f), %d single calls %.0f ms (service %.0f, CPU %.0f)%n",
                                kind.label(), r + 1, batch[r].clientMillis(), batch[r].serviceMillis(), batch[r].serviceCpuMillis(), settings.batchSize(),
                                singles[r].clientMillis(), singles[r].serviceMillis(), singles[r].serviceCpuMillis());
                    }
                    rows.add(row(kind.label(), settings.batchSize(), batch, singles));
                }
                return new Result(run, rows);
            }
        }
    }

    private static Kind items(String baseUrl, List<String> ids, int k) throws IOException {
        HttpRequest batch = request(baseUrl, "/items/similar").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("ids", ids, "k", k, "explain", "both")))).build();
        List<HttpRequest> singles = new ArrayList<>();
        for (String id : ids) {
            singles.add(request(baseUrl, "/items/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/similar?explain=both&k=" + k).GET().build());
        }
        return new Kind("similar items, explain=both", batch, singles);
    }

    private static Kind images(String baseUrl, List<byte[]> pngs, int k) {
        String multipart = "multipart/form-data; boundary=" + LoadRequests.BOUNDARY;
        HttpRequest batch = request(baseUrl, "/search/batch?explain=query&k=" + k).header("Content-Type", multipart)
                .POST(HttpRequest.BodyPublishers.ofByteArray(LoadRequests.multipart(pngs))).build();
        List<HttpRequest> singles = new ArrayList<>();
        for (byte[] png : pngs) {
            singles.add(request(baseUrl, "/search?explain=query&k=" + k).header("Content-Type", multipart)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(LoadRequests.multipart(png))).build());
        }
        return new Kind("uploaded images, explain=query", batch, singles);
    }

    private static HttpRequest.Builder request(String baseUrl, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    /** Milliseconds from sending the first request to the last response read in full; any answer but a full 200 fails the benchmark. */
    private static Timed time(HttpClient http, ServiceProcess process, Kind kind, boolean batch, int n) throws IOException, InterruptedException {
        long cpuStart = cpuMillis(process);
        long start = System.nanoTime();
        double service = 0;
        if (batch) {
            JsonNode answer = send(http, kind.batch());
            long answered = 0;
            for (JsonNode entry : answer.path("results")) {
                answered += entry.has("result") ? 1 : 0;
            }
            if (answered != n) {
                throw new IOException(kind.label() + ": the batch answered " + answered + " of " + n + " queries: " + answer.path("results"));
            }
            service = serviceMillis(answer);
        } else {
            for (HttpRequest single : kind.singles()) {
                service += serviceMillis(send(http, single));
            }
        }
        double client = (System.nanoTime() - start) / 1e6;
        return new Timed(client, service, cpuMillis(process) - cpuStart);
    }

    private static long cpuMillis(ServiceProcess process) throws IOException {
        return process.process().toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IOException("the service process's CPU time cannot be read on this system")).toMillis();
    }

    private static double serviceMillis(JsonNode answer) {
        JsonNode timings = answer.path("timings");
        return timings.path("embed").asDouble() + timings.path("search").asDouble() + timings.path("explain").asDouble();
    }

    private static JsonNode send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    private static Map<String, Object> row(String label, int n, Timed[] batch, Timed[] singles) {
        double batchMedian = median(Arrays.stream(batch).mapToDouble(Timed::clientMillis).toArray());
        double singlesMedian = median(Arrays.stream(singles).mapToDouble(Timed::clientMillis).toArray());
        double batchService = median(Arrays.stream(batch).mapToDouble(Timed::serviceMillis).toArray());
        double singlesService = median(Arrays.stream(singles).mapToDouble(Timed::serviceMillis).toArray());
        double batchCpu = median(Arrays.stream(batch).mapToDouble(Timed::serviceCpuMillis).toArray());
        double singlesCpu = median(Arrays.stream(singles).mapToDouble(Timed::serviceCpuMillis).toArray());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("queries", label);
        row.put("n", n);
        row.put("batchMs", round(batchMedian));
        row.put("singlesMs", round(singlesMedian));
        row.put("batchMsPerQuery", round(batchMedian / n));
        row.put("singleMsPerQuery", round(singlesMedian / n));
        row.put("singlesOverBatch", Math.round(singlesMedian / batchMedian * 100) / 100.0);
        row.put("batchServiceMs", round(batchService));
        row.put("singlesServiceMs", round(singlesService));
        row.put("batchCpuMs", round(batchCpu));
        row.put("singlesCpuMs", round(singlesCpu));
        row.put("cpuSinglesOverBatch", Math.round(singlesCpu / batchCpu * 100) / 100.0);
        return row;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
