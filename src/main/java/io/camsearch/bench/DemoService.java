package io.camsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service under a benchmark: a broker, the demo catalog published to it, the packaged service
 * consuming it, started until the whole catalog is searchable. Everything started is registered
 * with the benchmark's {@link Cleanup}.
 */
final class DemoService {

    private static final Duration INDEXED_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoService() {}

    /**
     * Starts it all and waits until the service is ready; {@link #awaitIndexed} then waits for the catalog.
     *
     * @param serviceProperties the service's configuration beyond the broker and index path
     */
    static ServiceProcess start(Cleanup cleanup, Path projectDir, Path workDir, DemoCatalog catalog, Map<String, String> serviceProperties,
                                PrintStream log) throws Exception {
        Path target = projectDir.resolve("target");
        KafkaBroker broker = cleanup.add(KafkaBroker.start(workDir.resolve("kafka"), KafkaBroker.packagedClasspath(target), 0));
        broker.createTopics(CatalogPublisher.topics(2, (short) 1));
        try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
            catalog.publish(publisher, log);
        }
        Map<String, String> config = new LinkedHashMap<>(serviceProperties);
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("camsearch.index.path", workDir.resolve("index").toString());
        Path serviceLog = serviceLog(workDir);
        log.println("  starting the service; its log: " + serviceLog);
        return cleanup.add(ServiceProcess.start(target.resolve("quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(), KafkaBroker.freePort(), config,
                serviceLog, "3g"));
    }

    /** Where the service started in {@code workDir} logs. */
    static Path serviceLog(Path workDir) {
        return workDir.resolve("service.log");
    }

    /** Waits until the service's catalog holds {@code items} items, read from the public items API. */
    static void awaitIndexed(HttpClient http, ServiceProcess service, int items, Path serviceLog, PrintStream log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + INDEXED_TIMEOUT.toNanos();
        int indexed = 0;
        while (System.nanoTime() < deadline) {
            indexed = get(http, service, "/items?limit=1").path("total").asInt();
            if (indexed >= items) {
                log.printf("  %d items indexed%n", indexed);
                return;
            }
            if (!service.process().isAlive()) {
                throw new IOException("the service exited with " + service.process().exitValue() + " while indexing; see " + serviceLog);
            }
            Thread.sleep(500);
        }
        throw new IOException("the service indexed only " + indexed + " of " + items + " items in " + INDEXED_TIMEOUT.toMinutes()
                + " minutes; see " + serviceLog);
    }

    /** Up to 500 item ids, the most the items API gives in one page. */
    static List<String> itemIds(HttpClient http, ServiceProcess service) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        get(http, service, "/items?limit=500").path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static JsonNode get(HttpClient http, ServiceProcess service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
