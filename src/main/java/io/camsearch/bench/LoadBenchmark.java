package io.camsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.bench.LatencySummary.Sample;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.DemoCatalog;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether slow searches by URL hurt everyone else, in one run: the packaged service with the demo
 * catalog indexed, normal clients alone for a phase ("without"), then the same normal clients next
 * to clients searching by an image URL that answers a byte a second ("with"). Per client kind and
 * phase: requests, p50, p99, max and how they ended; and the normal clients' p50 and p99 with over
 * without.
 */
public final class LoadBenchmark {

    /** The explained searches a normal client sends, alternating between clients as the outside tester's mix did. */
    private static final List<ClientKind> NORMAL_KINDS = List.of(ClientKind.SIMILAR, ClientKind.UPLOAD);
    /** Images uploaded as queries, picked at random: enough that no one image's cost decides the latency. */
    private static final int UPLOAD_IMAGES = 100;
    private static final Duration INDEXED_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param normalClients clients sending normal searches in both phases
     * @param slowClients clients searching by the slow URL in the second phase
     * @param phase how long each phase starts requests
     * @param warmUp normal load before the first phase, not recorded
     * @param requestTimeout the client's limit for one request; a request past it counts as a timeout
     */
    public record Settings(int normalClients, int slowClients, Duration phase, Duration warmUp, Duration requestTimeout) {
        public Settings {
            if (normalClients < 1 || slowClients < 0) {
                throw new IllegalArgumentException("the load needs at least 1 normal client and 0 or more slow clients, got "
                        + normalClients + " and " + slowClients);
            }
            if (!phase.isPositive() || !requestTimeout.isPositive() || warmUp.isNegative()) {
                throw new IllegalArgumentException("a phase and the request timeout must last more than 0 s and the warm-up 0 s or more, got "
                        + phase.toMillis() / 1000.0 + " s, " + requestTimeout.toMillis() / 1000.0 + " s and " + warmUp.toMillis() / 1000.0 + " s");
            }
        }
    }

    /**
     * @param run what was run: the catalog, the settings, the service's properties, how many requests the slow server saw
     * @param rows one per phase and client kind, and one for all normal clients of each phase
     * @param normalWithOverWithout the normal clients' p50 and p99 with slow clients over without, per kind and together
     */
    public record Result(Map<String, Object> run, List<Map<String, Object>> rows, List<Map<String, Object>> normalWithOverWithout) {}

    private final Path projectDir;
    private final Path workDir;
    private final PrintStream log;

    public LoadBenchmark(Path projectDir, Path workDir, PrintStream log) {
        this.projectDir = projectDir;
        this.workDir = workDir;
        this.log = log;
    }

    /**
     * @param serviceProperties configuration of the service under test beyond the benchmark's own
     *     (broker, index path), recorded in the result
     */
    public Result run(DemoCatalog catalog, Settings settings, Map<String, String> serviceProperties) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("catalogItems", catalog.size());
        result.put("normalClients", settings.normalClients());
        result.put("slowClients", settings.slowClients());
        result.put("phaseSeconds", settings.phase().toSeconds());
        result.put("warmUpSeconds", settings.warmUp().toSeconds());
        result.put("requestTimeoutSeconds", settings.requestTimeout().toSeconds());
        result.put("serviceProperties", new TreeMap<>(serviceProperties));
        List<byte[]> pngs = catalog.pngs();
        try (Cleanup cleanup = new Cleanup()) {
            Map<String, String> config = new LinkedHashMap<>(serviceProperties);
            // Searching by URL is off by default, and a loopback source is refused unless listed: the
            // slow clients need both, and the benchmark's slow server is on 127.0.0.1 only.
            config.putIfAbsent("camsearch.source.search-urls", "true");
            config.putIfAbsent("camsearch.source.allowed-hosts", "127.0.0.1");
            Path serviceLog = DemoService.serviceLog(workDir);
            ServiceProcess service = DemoService.start(cleanup, projectDir, workDir, catalog, config, log);
            SlowImageServer slow = cleanup.add(SlowImageServer.start());
            service.awaitReady(Duration.ofMinutes(3));
            List<String> itemIds;
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                DemoService.awaitIndexed(http, service, catalog.size(), serviceLog, log);
                itemIds = DemoService.itemIds(http, service);
            }
            LoadRequests requests = new LoadRequests(service.baseUrl(), itemIds, pngs.subList(0, Math.min(UPLOAD_IMAGES, pngs.size())),
                    slow.imageUrl(), settings.requestTimeout());
            LoadPhase load = new LoadPhase(requests, settings.requestTimeout());
            List<ClientKind> normal = normalClients(settings.normalClients());
            if (settings.warmUp().isPositive()) {
                log.printf("  warm-up: %d normal clients for %d s%n", normal.size(), settings.warmUp().toSeconds());
                load.run(normal, settings.warmUp());
            }
            log.printf("  without: %d normal clients for %d s%n", normal.size(), settings.phase().toSeconds());
            Map<ClientKind, List<Sample>> without = load.run(normal, settings.phase());
            List<ClientKind> mixed = new ArrayList<>(normal);
            mixed.addAll(Collections.nCopies(settings.slowClients(), ClientKind.SLOW_URL));
            log.printf("  with: %d normal and %d slow-URL clients for %d s%n", normal.size(), settings.slowClients(), settings.phase().toSeconds());
            Map<ClientKind, List<Sample>> with = load.run(mixed, settings.phase());
            result.put("slowServerRequests", slow.requests());
            if (settings.slowClients() > 0 && slow.requests() == 0) {
                throw new IOException("no slow-URL search reached the slow image server, so the \"with\" phase measured nothing; "
                        + "the service refused the URL (see its log " + serviceLog + "): check camsearch.source.search-urls and allowed-hosts");
            }
            return new Result(result, rows(mixed, without, with), ratios(normal, without, with));
        }
    }

    /** Half the normal clients ask for similar items, half upload (one more of the first for an odd count). */
    static List<ClientKind> normalClients(int count) {
        List<ClientKind> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(NORMAL_KINDS.get(i % NORMAL_KINDS.size()));
        }
        return clients;
    }

    private static List<Map<String, Object>> rows(List<ClientKind> clients, Map<ClientKind, List<Sample>> without, Map<ClientKind, List<Sample>> with) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var phase : List.of(Map.entry("without", without), Map.entry("with", with))) {
            for (ClientKind kind : ClientKind.values()) {
                if (phase.getValue().containsKey(kind)) {
                    rows.add(row(phase.getKey(), kind.label(), Collections.frequency(clients, kind), phase.getValue().get(kind)));
                }
            }
            List<Sample> normal = normalSamples(phase.getValue());
            rows.add(row(phase.getKey(), "all normal", (int) clients.stream().filter(NORMAL_KINDS::contains).count(), normal));
        }
        return rows;
    }

    private static List<Map<String, Object>> ratios(List<ClientKind> normal, Map<ClientKind, List<Sample>> without, Map<ClientKind, List<Sample>> with) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClientKind kind : NORMAL_KINDS) {
            if (normal.contains(kind)) {
                rows.add(ratio(kind.label(), without.get(kind), with.get(kind)));
            }
        }
        rows.add(ratio("all normal", normalSamples(without), normalSamples(with)));
        return rows;
    }

    private static Map<String, Object> row(String phase, String clients, int count, List<Sample> samples) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("phase", phase);
        row.put("clients", count + " " + clients);
        row.putAll(LatencySummary.of(samples).columns());
        return row;
    }

    private static Map<String, Object> ratio(String clients, List<Sample> without, List<Sample> with) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("clients", clients);
        row.putAll(LatencySummary.of(with).ratioTo(LatencySummary.of(without)));
        return row;
    }

    private static List<Sample> normalSamples(Map<ClientKind, List<Sample>> samples) {
        List<Sample> normal = new ArrayList<>();
        NORMAL_KINDS.forEach(kind -> normal.addAll(samples.getOrDefault(kind, List.of())));
        return normal;
    }
}
