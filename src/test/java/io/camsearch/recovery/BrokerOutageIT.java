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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service while its broker is away: readiness (to search) stays UP, health and
 * metrics answer at once from what the consumer already knows (they used to wait on the broker:
 * no answer in 30 s, a 6 s scrape), ingestion is reported down with its lag unknown, searches go
 * on; when the broker comes back on its port and data, ingestion resumes by itself.
 */
class BrokerOutageIT {

    /** Each probe and scrape must answer within this (the Kubernetes probe waits 1 s). */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final String LAG = "camsearch_ingest_consumer_lag";
    private final Path runJar = Path.of("target/quarkus-app/quarkus-run.jar");
    private final String classpath = System.getProperty("java.class.path");

    @Test
    void whileTheBrokerIsDownProbesAndScrapesAnswerAtOnceSearchesWorkAndIngestionResumesWhenItIsBack(@TempDir Path dir) throws Exception {
        KafkaBroker broker = brokerWithCatalog(dir, 24);
        try (ServiceProcess service = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config(broker, dir), dir.resolve("service.log"), "1g")) {
            service.awaitReady(Duration.ofMinutes(2));
            ServiceHttp http = new ServiceHttp(service, ANSWER_WITHIN);
            awaitCaughtUp(http, 24);
            assertEquals("UP", http.health("group/ingestion").body().path("status").asText());
            assertEquals(2, http.samples("camsearch_ingest_partition_lag").size(), "a lag gauge per assigned partition");

            broker.close();
            // Unknown once the broker has been silent for longer than the consumer's last word is good for.
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> Double.isNaN(http.metric(LAG)) && http.health("group/ingestion").status() == 503);
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(400))
                    .until(() -> answersWhileIngestionIsDown(http, 24));
            var ingestion = http.health("group/ingestion").body().path("checks").path(0).path("data");
            assertEquals("unknown", ingestion.path("lag").asText(), ingestion.toString());
            assertTrue(ingestion.path("state").asText().startsWith("broker unreachable"), ingestion.toString());

            broker = KafkaBroker.start(dir.resolve("kafka"), classpath, broker.port());
            publish(broker, 24, 8);
            awaitCaughtUp(http, 32);
            assertEquals("UP", http.health("group/ingestion").body().path("status").asText());
        } finally {
            broker.close();
        }
    }

    @Test
    void aServiceStartedWhileTheBrokerIsDownIsReadyToSearchReportsLagUnknownAndCatchesUpWhenTheBrokerComes(@TempDir Path dir) throws Exception {
        KafkaBroker broker = brokerWithCatalog(dir, 12);
        broker.close();
        try (ServiceProcess service = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config(broker, dir), dir.resolve("service.log"), "1g")) {
            service.awaitReady(Duration.ofMinutes(2));
            ServiceHttp http = new ServiceHttp(service, ANSWER_WITHIN);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(400))
                    .until(() -> answersWhileIngestionIsDown(http, 0));
            var ingestion = http.health("group/ingestion").body().path("checks").path(0).path("data");
            assertEquals("waiting for the broker (never reached)", ingestion.path("state").asText(), ingestion.toString());
            assertEquals("unknown", ingestion.path("lag").asText(), "never reached the broker: not 0");

            broker = KafkaBroker.start(dir.resolve("kafka"), classpath, broker.port());
            awaitCaughtUp(http, 12);
            assertEquals("UP", http.health("group/ingestion").body().path("status").asText());
        } finally {
            broker.close();
        }
    }

    /**
     * One round of probes, each answered within {@link #ANSWER_WITHIN} (else it throws): ready to
     * search, ingestion down with its lag unknown, liveness and startup UP (an absent broker is no
     * failure), and a search that answers with the indexed items.
     */
    private static boolean answersWhileIngestionIsDown(ServiceHttp http, int indexed) throws Exception {
        var ready = http.health("ready");
        assertEquals(200, ready.status(), ready.body().toString());
        assertEquals(200, http.health("live").status(), "liveness stays UP while the broker is away");
        assertEquals(200, http.health("started").status(), "the startup probe does not wait for the broker either");
        var ingestion = http.health("group/ingestion");
        assertEquals(503, ingestion.status(), ingestion.body().toString());
        assertTrue(Double.isNaN(http.metric(LAG)), "lag unknown, not a stale or made-up figure");
        var search = http.search(CatalogImages.png(1, 150), 3);
        assertEquals(200, search.status(), search.body().toString());
        assertEquals(Math.min(3, indexed), search.body().path("hits").size());
        return true;
    }

    private static void awaitCaughtUp(ServiceHttp http, int items) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> http.items() == items && http.metric(LAG) == 0);
    }

    private KafkaBroker brokerWithCatalog(Path dir, int items) throws Exception {
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), classpath, 0);
        broker.createTopics(CatalogPublisher.topics(2, (short) 1));
        publish(broker, 0, items);
        return broker;
    }

    private static Map<String, String> config(KafkaBroker broker, Path dir) {
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(), "camsearch.index.path", dir.resolve("index").toString());
    }

    private static void publish(KafkaBroker broker, int from, int count) throws Exception {
        try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
            for (int i = from; i < from + count; i++) {
                publisher.upsert("outage-" + i, CatalogImages.png(i % 40, i / 40), CatalogImages.metadata(i % 40, i / 40));
            }
        }
    }
}
