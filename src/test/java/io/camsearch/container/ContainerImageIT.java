package io.camsearch.container;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.support.CatalogImages;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's container image, built by {@code docker/build-image.sh} (buildah, no Docker engine)
 * and run with podman against a real Kafka broker: it ingests and serves searches through its port,
 * runs as non-root, starts with no network at all but the broker's, stops cleanly on SIGTERM and
 * keeps its committed index on its volume across restarts. Also measures start-up to ready with
 * and without the image's AOT cache.
 *
 * <p>Skipped (with a message) only where podman or buildah is missing and {@code CI} is not set.
 */
class ContainerImageIT {

    private static final String IMAGE = "localhost/camsearch:latest";
    private static final int ITEMS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGS = Path.of("target/container-it");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    @BeforeAll
    static void requirePodmanAndBuildah() {
        if (Podman.onPath("podman") && Podman.onPath("buildah")) {
            return;
        }
        String missing = "podman and buildah (Debian: apt-get install buildah podman runc debootstrap)";
        if (System.getenv("CI") != null) {
            fail("CI is set, so the container image must be tested, but " + missing + " are not installed; .ci/run installs them");
        }
        Assumptions.abort("container image test skipped: " + missing + " are not installed and CI is not set");
    }

    @Test
    void theImageServesAsNonRootNeedsNoNetworkButTheBrokerStopsCleanlyAndKeepsItsIndex(@TempDir Path dir) throws Exception {
        Files.createDirectories(LOGS);
        long buildStart = System.nanoTime();
        Podman.Result build = Podman.exec(List.of("docker/build-image.sh", IMAGE), Duration.ofMinutes(45), LOGS.resolve("build-image.log"));
        assertEquals(0, build.exit(), "docker/build-image.sh failed; see " + LOGS.resolve("build-image.log"));
        System.out.printf("image %s built in %d s%n", IMAGE, Duration.ofNanos(System.nanoTime() - buildStart).toSeconds());

        String volume = "camsearch-it-" + UUID.randomUUID().toString().substring(0, 8);
        Podman.run(Duration.ofMinutes(1), "volume", "create", volume);
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), System.getProperty("java.class.path"), 0)) {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
            try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
                for (int i = 0; i < ITEMS; i++) {
                    publisher.upsert(id(i), CatalogImages.png(i % 4, i / 4), CatalogImages.metadata(i % 4, i / 4));
                }
            }

            // First start, with the AOT cache required (-XX:AOTMode=on: the JVM refuses to start
            // when the cache does not match its options, rather than falling back silently).
            Service first = start(volume, broker, List.of("JDK_JAVA_OPTIONS=-XX:AOTMode=on"));
            Duration withCache = first.awaitReady();
            assertEquals(200, status(first.url(Probes.LIVE)), "live");
            assertEquals("10001", Podman.run(Duration.ofMinutes(1), "exec", first.name(), "id", "-u"), "the service runs as the image's user");
            assertNotEquals("0", Podman.run(Duration.ofMinutes(1), "exec", first.name(), "stat", "-c", "%u", "/proc/1"), "PID 1 is not root's");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> total(first) == ITEMS);
            JsonPath search = given().baseUri(first.base()).multiPart("image", "q.png", CatalogImages.png(1, 0), "image/png")
                    .queryParam("k", 3).when().post("/search").then().statusCode(200).extract().jsonPath();
            assertEquals(id(1), search.getString("hits[0].id"), "the query image finds its own item through the container's port");
            assertNothingExtractedOrWrittenUnderOpt(first.name());
            Duration stopTook = first.stop();
            assertEquals("143", Podman.run(Duration.ofMinutes(1), "inspect", "--format", "{{.State.ExitCode}}", first.name()),
                    "stopped by SIGTERM (143), not killed after the grace period (137)");
            assertTrue(first.logs().contains("stopped in"), "Quarkus shut down in order");
            System.out.printf("podman stop took %d ms%n", stopTook.toMillis());

            // Restarts on the same volume: everything committed is there and nothing is consumed again.
            Service withoutAot = start(volume, broker, List.of("JDK_JAVA_OPTIONS=-XX:AOTMode=off"));
            Duration withoutCache = withoutAot.awaitReady();
            assertRestartedWithItsIndex(withoutAot);
            withoutAot.stop();
            Service again = start(volume, broker, List.of("JDK_JAVA_OPTIONS=-XX:AOTMode=on"));
            Duration withCacheAgain = again.awaitReady();
            assertRestartedWithItsIndex(again);
            again.stop();
            System.out.printf("start-up to ready (podman run to /q/health/ready 200): AOT cache on %d ms (first start, empty index),"
                    + " off %d ms, on %d ms%n", withCache.toMillis(), withoutCache.toMillis(), withCacheAgain.toMillis());

            assertStartsWithoutAnyNetwork(volume, broker);
            assertBothRolesRunFromTheSameImage(broker);
        } finally {
            for (String name : containers) {
                Files.writeString(LOGS.resolve(name + ".log"), Podman.exec(List.of("podman", "logs", name), Duration.ofMinutes(1), null).output());
                Podman.exec(List.of("podman", "rm", "-f", name), Duration.ofMinutes(1), null);
            }
            Podman.exec(List.of("podman", "volume", "rm", "-f", volume), Duration.ofMinutes(1), null);
            for (String other : volumes) {
                Podman.exec(List.of("podman", "volume", "rm", "-f", other), Duration.ofMinutes(1), null);
            }
        }
    }

    /**
     * With {@code --network none} the container has only its own loopback: the model loads, the
     * index opens from the volume and the HTTP server answers; the only checks down are the broker's.
     * DJL downloads nothing (offline, libtorch unpacked in the image).
     */
    private void assertStartsWithoutAnyNetwork(String volume, KafkaBroker broker) throws Exception {
        String name = newName();
        Podman.run(Duration.ofMinutes(2), runCommand(name, volume, "none", List.of("KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers())));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .failFast("the container exited", () -> !running(name))
                .until(() -> logs(name).contains("started in"));
        // Readiness is about searching, so it is UP without a broker; ingestion's own group says what is missing.
        JsonNode ready = probeInside(name, Probes.READY);
        JsonNode data = null;
        for (JsonNode check : ready.path("checks")) {
            if (check.path("name").asText().equals("camsearch")) {
                data = check.path("data");
            }
        }
        assertNotNull(data, "readiness has the camsearch check: " + ready);
        assertEquals("UP", ready.path("status").asText(), "ready to search without any network: " + ready);
        assertTrue(data.path("model").asText().startsWith("camsearch-demo"), "the model loaded: " + data);
        assertEquals(ITEMS, data.path("indexItems").asInt(), "the index opened from the volume: " + data);
        JsonNode ingestion = probeInside(name, Probes.INGESTION);
        assertEquals("DOWN", ingestion.path("status").asText(), "no broker, no ingestion: " + ingestion);
        assertFalse(logs(name).contains("Downloading"), "DJL downloaded nothing");
        assertNothingExtractedOrWrittenUnderOpt(name);
        Podman.run(Duration.ofMinutes(2), "stop", "-t", "60", name);
    }

    /**
     * The scale-out from this one image, chosen by configuration only (CAMSEARCH_ROLES, as the
     * manifests under k8s/scale-out set it): an embedder turns the catalog into the embeddings
     * topic (a new group, so from the beginning) and serves no searches; a searcher on an empty
     * volume builds its index from that topic, is ready once caught up, and finds the items.
     */
    private void assertBothRolesRunFromTheSameImage(KafkaBroker broker) throws Exception {
        String embedderVolume = "camsearch-it-" + UUID.randomUUID().toString().substring(0, 8);
        String searcherVolume = "camsearch-it-" + UUID.randomUUID().toString().substring(0, 8);
        volumes.add(embedderVolume);
        volumes.add(searcherVolume);
        Podman.run(Duration.ofMinutes(1), "volume", "create", embedderVolume);
        Podman.run(Duration.ofMinutes(1), "volume", "create", searcherVolume);
        Service embedder = start(embedderVolume, broker, List.of("CAMSEARCH_ROLES=embedder"));
        Service searcher = start(searcherVolume, broker, List.of("CAMSEARCH_ROLES=searcher"));
        embedder.awaitReady();
        assertEquals("10001", Podman.run(Duration.ofMinutes(1), "exec", embedder.name(), "id", "-u"), "the embedder runs as the image's user");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(embedder.base() + "/items?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("ROLE_NOT_SERVED", JSON.readTree(refused.body()).path("error").asText(), refused.body());
        searcher.awaitReady();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> total(searcher) == ITEMS);
        JsonPath search = given().baseUri(searcher.base()).multiPart("image", "q.png", CatalogImages.png(2, 0), "image/png")
                .queryParam("k", 3).when().post("/search").then().statusCode(200).extract().jsonPath();
        assertEquals(id(2), search.getString("hits[0].id"), "the searcher built from the topic finds the item");
        assertTrue(searcher.logs().contains("roles searcher"), "the searcher says its role: " + searcher.logs().lines().filter(l -> l.contains("roles")).toList());
        embedder.stop();
        searcher.stop();
    }

    /** A probe answered inside the container (its default management port, 9000), for a container without a network. */
    private static JsonNode probeInside(String name, Probes probe) throws Exception {
        String response = Podman.run(Duration.ofMinutes(1), "exec", name, "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET " + probe.path + " HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3");
        return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    private void assertRestartedWithItsIndex(Service service) throws Exception {
        assertEquals(ITEMS, total(service), "every committed item is on the volume");
        // The consumer resumes at the index's committed offsets: nothing is upserted again.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> upserted(service) == 0.0);
    }

    /** libtorch, DJL's JNI library and JNA's come unpacked in the image: a run adds no native library, nothing under /opt. */
    private static void assertNothingExtractedOrWrittenUnderOpt(String name) throws Exception {
        for (String change : Podman.run(Duration.ofMinutes(1), "diff", name).lines().toList()) {
            String path = change.substring(2);
            assertFalse(path.endsWith(".so") || path.contains(".so."), "a native library was written at run time: " + change);
            assertFalse(path.startsWith("/opt"), "the service wrote into its installation: " + change);
        }
    }

    /** Starts the image on the host's network with its own ports, the broker and {@code environment}. */
    private Service start(String volume, KafkaBroker broker, List<String> environment) throws Exception {
        String name = newName();
        int httpPort = KafkaBroker.freePort();
        int managementPort = KafkaBroker.freePort();
        long started = System.nanoTime();
        List<String> variables = new ArrayList<>(List.of("KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers(),
                "QUARKUS_HTTP_PORT=" + httpPort, "QUARKUS_MANAGEMENT_PORT=" + managementPort));
        variables.addAll(environment);
        Podman.run(Duration.ofMinutes(2), runCommand(name, volume, "host", variables));
        return new Service(name, httpPort, managementPort, started);
    }

    private static String[] runCommand(String name, String volume, String network, List<String> environment) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--runtime", Podman.RUNTIME, "--network", network,
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "-v", volume + ":/var/lib/camsearch"));
        for (String variable : environment) {
            args.add("-e");
            args.add(variable);
        }
        args.add(IMAGE);
        return args.toArray(String[]::new);
    }

    private String newName() {
        String name = "camsearch-it-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        return name;
    }

    private static boolean running(String name) throws Exception {
        return "true".equals(Podman.run(Duration.ofMinutes(1), "inspect", "--format", "{{.State.Running}}", name));
    }

    private static String logs(String name) throws Exception {
        return Podman.exec(List.of("podman", "logs", name), Duration.ofMinutes(1), null).output();
    }

    private int total(Service service) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.base() + "/items?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("total").asInt();
    }

    private double upserted(Service service) throws Exception {
        String name = "camsearch_ingest_events_total{outcome=\"upserted\"}";
        String body = http.send(HttpRequest.newBuilder(URI.create(service.url(Probes.METRICS))).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String id(int i) {
        return "image-it-" + i;
    }

    /**
     * Where health and metrics answer: the one place to change when they move to the management
     * interface (then {@link Service#url} takes the management port for these paths).
     */
    enum Probes {
        LIVE("/q/health/live"), READY("/q/health/ready"), INGESTION("/q/health/group/ingestion"), METRICS("/q/metrics");

        final String path;

        Probes(String path) {
            this.path = path;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** A started container of the image, on the host's network. */
    private final class Service {
        private final String name;
        private final int httpPort;
        private final int managementPort;
        private final long startedNanos;

        Service(String name, int httpPort, int managementPort, long startedNanos) {
            this.name = name;
            this.httpPort = httpPort;
            this.managementPort = managementPort;
            this.startedNanos = startedNanos;
        }

        String name() {
            return name;
        }

        String base() {
            return "http://localhost:" + httpPort;
        }

        /** Probes and metrics are on the management port. */
        String url(Probes probe) {
            return "http://localhost:" + managementPort + probe.path;
        }

        /** Waits for readiness; returns the time from {@code podman run} to the first 200. */
        Duration awaitReady() {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .failFast("the container exited while starting; see " + LOGS, () -> !running(name))
                    .until(() -> status(url(Probes.READY)) == 200);
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        /** podman stop: SIGTERM, SIGKILL only after 60 s. */
        Duration stop() throws Exception {
            long start = System.nanoTime();
            Podman.run(Duration.ofMinutes(2), "stop", "-t", "60", name);
            return Duration.ofNanos(System.nanoTime() - start);
        }

        String logs() throws Exception {
            return ContainerImageIT.logs(name);
        }
    }
}
