package io.camsearch.recovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.ServiceHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service consumes again within seconds of a restart, after a SIGKILL (twice in a
 * row) and after a clean stop: as a static group member it takes its partitions back at once,
 * instead of waiting for the dead member's session to time out (45 s by default; a dynamic member
 * restarted after a kill consumed again after about 42 s, and after 76-84 s following two kills).
 */
class FastRestartIT {

    private static final String SAMPLE_UPSERTED = "camsearch_ingest_events_total{outcome=\"upserted\"}";
    /**
     * Well under the 45 s session timeout. The service takes a while to start (model, index), which
     * runs down part of the dead member's session: here, with the start taking ~20 s on a busy
     * machine, the code before static membership consumed again 21 s after the restarted service
     * answered; with it, 4.5-6.3 s.
     */
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(15);
    private static final int BLOCK = 60;

    @Test
    void aRestartedServiceConsumesAgainWithinSecondsAfterAKillTwiceInARowAndAfterACleanStop(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), System.getProperty("java.class.path"), 0)) {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
            Map<String, String> config = Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "camsearch.index.path", dir.resolve("index").toString(),
                    // Small batches, so that a stop lands in the middle of ingestion.
                    "mp.messaging.incoming.catalog-images.max.poll.records", "16",
                    "camsearch.ingest.model-batch", "8");
            Path runJar = Path.of("target/quarkus-app/quarkus-run.jar");
            int published = publish(broker, 0);

            try (ServiceProcess first = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config, dir.resolve("service-0.log"), "1g")) {
                first.awaitReady(Duration.ofMinutes(2));
                awaitUpserted(first, 16, Duration.ofMinutes(2));
                first.kill();
            }
            for (int run = 1; run <= 2; run++) {
                // Fresh events, so that there is work whatever the last run got through.
                published = publish(broker, published);
                try (ServiceProcess service = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config, dir.resolve("service-" + run + ".log"), "1g")) {
                    Duration resumed = timeToFirstIndexedEvent(service);
                    System.out.printf("restart %d (after SIGKILL): consuming again %d ms after it answered%n", run, resumed.toMillis());
                    assertTrue(resumed.compareTo(RESUMED_WITHIN) < 0, "restart " + run + " consumed again after " + resumed.toMillis()
                            + " ms: waited for the group's session timeout?");
                    awaitUpserted(service, 16, Duration.ofMinutes(2));
                    if (run == 1) {
                        service.kill(); // the second crash in a row; run 2 stops cleanly (SIGTERM) as it closes
                    }
                }
            }

            // The clean stop above sent no LeaveGroup (a static member does not): the group still
            // holds the member until its session expires, and the next start under the same
            // instance id takes its partitions back at once all the same.
            assertEquals(1, staticMembers(broker), "the cleanly stopped static member is still in the group");
            published = publish(broker, published);
            try (ServiceProcess last = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config, dir.resolve("service-3.log"), "1g")) {
                Duration resumed = timeToFirstIndexedEvent(last);
                System.out.printf("restart 3 (after a clean stop): consuming again %d ms after it answered%n", resumed.toMillis());
                assertTrue(resumed.compareTo(RESUMED_WITHIN) < 0, "after a clean stop, consumed again after " + resumed.toMillis() + " ms");
                ServiceHttp http = new ServiceHttp(last, Duration.ofSeconds(5));
                int expected = published;
                // A probe that times out on a busy machine is asked again; the count is what is checked.
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> http.items() == expected && http.metric("camsearch_ingest_consumer_lag") == 0);
                assertEquals(expected, http.items(), "every published item indexed once");
            }
        }
    }

    private static long staticMembers(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            var group = admin.describeConsumerGroups(List.of("camsearch")).all().get(30, TimeUnit.SECONDS).get("camsearch");
            return group.members().stream().filter(m -> m.groupInstanceId().isPresent()).count();
        }
    }

    /**
     * Starts the clock once the restarted service answers (its liveness probe is UP: model loaded,
     * index open; not its readiness, which used to include having the partitions), stops it when
     * its first batch is in the index; prints when it had its partitions on the way.
     */
    private static Duration timeToFirstIndexedEvent(ServiceProcess service) throws Exception {
        ServiceHttp http = new ServiceHttp(service, Duration.ofSeconds(5));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> http.health("live").status() == 200);
        long up = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> http.health("group/ingestion").status() == 200 || http.metric(SAMPLE_UPSERTED) >= 1);
        System.out.printf("  partitions assigned %d ms after the service answered%n", Duration.ofNanos(System.nanoTime() - up).toMillis());
        awaitUpserted(service, 1, Duration.ofMinutes(2));
        return Duration.ofNanos(System.nanoTime() - up);
    }

    private static void awaitUpserted(ServiceProcess service, int atLeast, Duration within) {
        ServiceHttp http = new ServiceHttp(service, Duration.ofSeconds(5));
        await().atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> http.metric(SAMPLE_UPSERTED) >= atLeast);
    }

    /** Publishes BLOCK new items after the first {@code from}; returns how many there are now. */
    static int publish(KafkaBroker broker, int from) throws Exception {
        try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
            for (int i = from; i < from + BLOCK; i++) {
                publisher.upsert("restart-" + i, CatalogImages.png(i % 40, i / 40), CatalogImages.metadata(i % 40, i / 40));
            }
        }
        return from + BLOCK;
    }
}
