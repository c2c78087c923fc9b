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

    /** Lines of the service's log quoted when it does not become ready: enough for the exception that stopped it. */
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ServiceProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
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
        return new ServiceProcess(builder.start(), port, managementPort, log);
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

    /**
     * Waits until {@code /q/health/ready} answers 200: model loaded and index open, ready to search
     * (the broker may still be away). When it does not, the exception says what the last probe got
     * and quotes the end of the service's log, so that a failure on a machine one cannot log in to
     * (CI) can be understood from its output.
     */
    public void awaitReady(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProbe = "no probe answered";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service exited with " + process.exitValue() + " while starting" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastProbe = "last probe: " + response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
            } catch (IOException e) {
                lastProbe = "last probe: " + e; // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the service", e);
            }
            sleep(250);
        }
        throw new IOException("the service was not ready within " + timeout.toSeconds() + " s at " + managementUrl()
                + "/q/health/ready (" + lastProbe + "; " + threadSummary() + ")" + logTail());
    }

    /**
     * What the live service's threads are doing, in one line: its main thread's top frames and the
     * threads blocked on a monitor (a start-up that hangs is most likely one waiting on another).
     * The whole dump goes to a file beside the log.
     */
    private String threadSummary() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print", "-l").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            if (log != null) {
                Files.writeString(log.resolveSibling(log.getFileName() + ".threads"), dump);
            }
            return "threads: " + ThreadDumps.summary(dump);
        } catch (IOException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    /** The end of the service's log, for an error message; empty when its output is not in a file. */
    private String logTail() {
        if (log == null || !Files.isRegularFile(log)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return "; the end of its log " + log + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "; its log " + log + " could not be read: " + e.getMessage();
        }
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
