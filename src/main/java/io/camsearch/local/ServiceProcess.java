package io.camsearch.local;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, with the JVM
 * options it needs and its configuration as system properties. Used by the local run, the crash
 * recovery test and the ingest benchmark.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The options the service's JVM needs: Lucene's vector module, libtorch and Lucene native access,
     * DJL offline; and G1 regions of 8 MB. A model batch's input and CAM basis arrays are a few MB
     * (32 demo images: 3.5 and 2.4 MB), which with the default regions (2 MB at a 3 GB heap) are
     * humongous objects that start collections of their own (bench-ingest's numbers:
     * src/site/markdown/benchmarks.md).
     */
    public static final List<String> JVM_OPTIONS = List.of("--add-modules", "jdk.incubator.vector",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
            "-XX:G1HeapRegionSize=8m");

    private final Process process;
    private final int port;
    private final int managementPort;

    private ServiceProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the service.
     *
     * @param runJar target/quarkus-app/quarkus-run.jar
     * @param port the API's port
     * @param managementPort the port of health and metrics ({@code quarkus.management.port})
     * @param config properties passed as {@code -Dkey=value}
     * @param log where its output goes, or null to share this process's console
     */
    public static ServiceProcess start(Path runJar, int port, int managementPort, Map<String, String> config, Path log, String maxHeap)
            throws IOException {
        return start(runJar, port, managementPort, config, Map.of(), log, maxHeap);
    }

    /**
     * Starts the service with environment variables besides its configuration: the way secrets
     * (Kafka credentials, API keys) reach it, kept off its command line, which any local user can read.
     */
    public static ServiceProcess start(Path runJar, int port, int managementPort, Map<String, String> config, Map<String, String> environment,
                                       Path log, String maxHeap) throws IOException {
        if (!Files.isRegularFile(runJar)) {
            throw new IOException(runJar + " does not exist; build the service first: ./mvnw package -DskipTests");
        }
        ProcessBuilder builder = new ProcessBuilder(command(runJar, port, managementPort, config, maxHeap)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (log == null) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        return new ServiceProcess(builder.start(), port, managementPort);
    }

    /** The service's java command line. */
    static List<String> command(Path runJar, int port, int managementPort, Map<String, String> config, String maxHeap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.addAll(JVM_OPTIONS);
        if (ServiceProcess.class.desiredAssertionStatus()) {
            // Started by a test JVM (which runs with -ea): the service checks its invariants too. The
            // local run and the benchmarks, started without -ea, keep a service without them.
            command.add("-ea");
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runJar.toString());
        return command;
    }

    /** The API: search, items, the web page, the OpenAPI document. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Health probes and Prometheus metrics ({@code /q/health/*}, {@code /q/metrics}). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public Process process() {
        return process;
    }

    /** Waits until {@code /q/health/ready} answers 200: model loaded and index open, ready to search (the broker may still be away). */
    public void awaitReady(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service exited with " + process.exitValue() + " while starting; see its log");
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the service", e);
            }
            sleep(250);
        }
        throw new IOException("the service was not ready within " + timeout.toSeconds() + " s at " + managementUrl() + "/q/health/ready");
    }

    /** SIGKILL: no shutdown hook, no close, no commit; what a crash or an OOM kill does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
