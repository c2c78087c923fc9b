package io.camsearch.recovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.support.ServiceHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedder role ({@code camsearch.roles=embedder}) publishes again within seconds of a restart
 * after a SIGKILL: as a static member of the embedder group under {@code camsearch.instance-id} it
 * takes its partitions back at once, instead of waiting for the dead member's session to time out
 * (45 s by default), as {@link FastRestartIT} proves for the one-process path.
 */
class EmbedderFastRestartIT {

    private static final String GROUP = "camsearch-embedder";
    private static final String INSTANCE = "embedder-a";
    private static final String SAMPLE_PUBLISHED = "camsearch_embedder_published_total{kind=\"envelope\"}";
    /** Well under the 45 s session timeout, as in {@link FastRestartIT} (a dynamic member waits out the dead one's session). */
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(15);

    @Test
    void aRestartedEmbedderTakesItsPartitionsBackAndPublishesAgainWithinSecondsAfterAKill(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), System.getProperty("java.class.path"), 0)) {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
            Map<String, String> config = Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "camsearch.roles", "embedder",
                    "camsearch.instance-id", INSTANCE,
                    "camsearch.index.path", dir.resolve("index").toString(),
                    // Small batches, so that the kill lands in the middle of the work.
                    "mp.messaging.incoming.catalog-images.max.poll.records", "16",
                    "camsearch.ingest.model-batch", "8");
            Path runJar = Path.of("target/quarkus-app/quarkus-run.jar");
            int published = FastRestartIT.publish(broker, 0);

            try (ServiceProcess first = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config, dir.resolve("embedder-0.log"), "1g")) {
                first.awaitReady(Duration.ofMinutes(2));
                awaitPublished(first, 16, Duration.ofMinutes(2));
                assertEquals(Map.of(INSTANCE, List.of(0, 1)), assignment(broker), "the embedder, a static member, owns both partitions");
                first.kill();
            }
            published = FastRestartIT.publish(broker, published);
            try (ServiceProcess restarted = ServiceProcess.start(runJar, KafkaBroker.freePort(), KafkaBroker.freePort(), config, dir.resolve("embedder-1.log"), "1g")) {
                ServiceHttp http = new ServiceHttp(restarted, Duration.ofSeconds(5));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> http.health("live").status() == 200);
                long up = System.nanoTime();
                awaitPublished(restarted, 1, Duration.ofMinutes(2));
                Duration resumed = Duration.ofNanos(System.nanoTime() - up);
                System.out.printf("embedder restarted after SIGKILL: publishing again %d ms after it answered%n", resumed.toMillis());
                assertTrue(resumed.compareTo(RESUMED_WITHIN) < 0, "the restarted embedder published again after " + resumed.toMillis()
                        + " ms: waited for the group's session timeout?");
                assertEquals(Map.of(INSTANCE, List.of(0, 1)), assignment(broker), "the restarted embedder took both partitions back");
                // Nothing lost across the kill: the group's offsets reach the end of every partition.
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertEquals(endOffsets(broker), groupOffsets(broker)));
                assertEquals(published, endOffsets(broker).values().stream().mapToLong(Long::longValue).sum(), "events published");
            }
        }
    }

    private static void awaitPublished(ServiceProcess service, int atLeast, Duration within) {
        ServiceHttp http = new ServiceHttp(service, Duration.ofSeconds(5));
        await().atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> http.metric(SAMPLE_PUBLISHED) >= atLeast);
    }

    /** The embedder group's members by instance id (or member id, for a dynamic one), each with its partitions. */
    private static Map<String, List<Integer>> assignment(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP);
            Map<String, List<Integer>> members = new TreeMap<>();
            group.members().forEach(m -> members.put(m.groupInstanceId().orElse(m.consumerId()),
                    m.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted().toList()));
            return members;
        }
    }

    private static Map<TopicPartition, Long> groupOffsets(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(CatalogPublisher.TOPIC, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }
}
