package io.camsearch.bench;

import io.camsearch.bench.LatencySummary.Sample;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clients sending requests back to back for a fixed time, each on its own thread with its own HTTP
 * client (one connection, as a separate program would have). A request is started only while the
 * phase runs; the phase ends when every started request has ended, at most the client timeout later.
 */
final class LoadPhase {

    /** A client that has not stopped this long after its last request's timeout is stuck: give up on the phase. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static final Duration ERROR_PAUSE = Duration.ofMillis(100);

    private final LoadRequests requests;
    private final Duration timeout;

    LoadPhase(LoadRequests requests, Duration timeout) {
        this.requests = requests;
        this.timeout = timeout;
    }

    /** Runs one client per entry of {@code clients} for {@code duration}; every request's latency and outcome by kind. */
    Map<ClientKind, List<Sample>> run(List<ClientKind> clients, Duration duration) throws IOException, InterruptedException {
        // The HTTP clients are built before the clock starts: the first one in a JVM takes a second
        // or more (TLS set-up), which a short phase would otherwise spend without a request.
        List<Client> running = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            running.add(new Client(clients.get(i), new SplittableRandom(i)));
        }
        long end = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < running.size(); i++) {
            Client client = running.get(i);
            client.thread = Thread.ofPlatform().daemon().name("bench-load-" + client.kind.name().toLowerCase() + "-" + i).start(() -> client.run(end));
        }
        long stopBy = end + timeout.plus(STOP_GRACE).toNanos();
        Map<ClientKind, List<Sample>> samples = new EnumMap<>(ClientKind.class);
        for (Client client : running) {
            if (!client.thread.join(Duration.ofNanos(Math.max(1, stopBy - System.nanoTime())))) {
                running.forEach(c -> c.thread.interrupt());
                throw new IOException("a " + client.kind.label() + " client did not stop within " + timeout.plus(STOP_GRACE).toSeconds()
                        + " s after the phase ended");
            }
            if (client.failure != null) {
                throw new IOException("a " + client.kind.label() + " client failed", client.failure);
            }
            samples.computeIfAbsent(client.kind, k -> new ArrayList<>()).addAll(client.samples);
        }
        return samples;
    }

    private final class Client {
        final ClientKind kind;
        final SplittableRandom random;
        /** HTTP/1.1: the JDK client would otherwise offer an h2c upgrade on every new connection. */
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        final List<Sample> samples = new ArrayList<>();
        Thread thread;
        volatile RuntimeException failure;

        Client(ClientKind kind, SplittableRandom random) {
            this.kind = kind;
            this.random = random;
        }

        void run(long end) {
            try (http) {
                while (System.nanoTime() < end) {
                    Sample sample = send(http);
                    samples.add(sample);
                    if (sample.outcome() == Outcome.ERROR) {
                        // A refused connection fails at once: without a pause a dead service would be asked millions of times.
                        Thread.sleep(ERROR_PAUSE.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private Sample send(HttpClient http) throws InterruptedException {
            var request = requests.next(kind, random);
            long start = System.nanoTime();
            // The request's own timeout ends when the headers arrive (JDK 25): a response stalled
            // in its body would hold the client for ever. The future's deadline covers it all.
            CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            Outcome outcome;
            try {
                outcome = Outcome.of(response.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode());
            } catch (TimeoutException e) {
                response.cancel(true);
                outcome = Outcome.TIMEOUT;
            } catch (ExecutionException e) {
                outcome = switch (e.getCause()) {
                    case HttpTimeoutException timedOut -> Outcome.TIMEOUT;
                    case IOException failed -> Outcome.ERROR;
                    case RuntimeException bug -> throw bug;
                    default -> throw new IllegalStateException("a request failed unexpectedly", e.getCause());
                };
            } catch (InterruptedException e) {
                response.cancel(true);
                throw e;
            }
            return new Sample((System.nanoTime() - start) / 1e6, outcome);
        }
    }
}
