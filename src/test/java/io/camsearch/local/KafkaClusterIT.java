package io.camsearch.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 3-node KRaft cluster the scaled-out tests run on: replicated as production's, and writable with a node killed. */
class KafkaClusterIT {

    private static final String TOPIC = "catalog-embeddings.cluster-test";
    private static final int PARTITIONS = 3;

    @Test
    void aCompactedTopicTakesAndServesAcksAllWritesWithOneNodeKilledAndTheNodeCatchesUpAfterItsRestart(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.start(dir, System.getProperty("java.class.path"))) {
            System.out.printf("3-node KRaft cluster started in %.1f s%n", (System.nanoTime() - started) / 1e9);
            cluster.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"))));
            try (Admin admin = cluster.admin()) {
                var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC))).all().get(30, TimeUnit.SECONDS)
                        .values().iterator().next();
                assertEquals("compact", config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
                assertEquals("2", config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
                for (var partition : describe(admin).partitions()) {
                    assertEquals(3, partition.replicas().size(), "replicas of partition " + partition.partition());
                }
            }

            try (var producer = producer(cluster)) {
                send(producer, 0, 30);
                int victim = leaderOfPartition0(cluster) - 1;
                cluster.kill(victim);
                assertFalse(cluster.node(victim).isAlive());
                send(producer, 30, 60); // min.insync.replicas 2 of 3: acks=all still succeeds, partition 0 under a new leader
                assertEquals(allKeys(60), consumeAll(cluster, 60), "every record, written before and after the kill");

                long restarting = System.nanoTime();
                cluster.restart(victim);
                System.out.printf("node %d restarted in %.1f s%n", victim + 1, (System.nanoTime() - restarting) / 1e9);
                try (Admin admin = cluster.admin()) {
                    await("the restarted node back in every partition's in-sync replicas").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> describe(admin).partitions().stream().allMatch(p -> p.isr().size() == 3));
                }
                send(producer, 60, 70);
            }
            assertEquals(allKeys(70), consumeAll(cluster, 70));
        }
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
    }

    private static int leaderOfPartition0(KafkaCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            return describe(admin).partitions().get(0).leader().id();
        }
    }

    /** An idempotent producer that waits for every in-sync replica. */
    private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends items {@code from} (inclusive) to {@code to}, each acknowledged before the next. */
    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(TOPIC, key(i), "v" + i)).get(120, TimeUnit.SECONDS);
        }
    }

    /** Every key of the topic, read from the start of each partition without a consumer group, as a searcher reads. */
    private static Set<String> consumeAll(KafkaCluster cluster, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> keys = new TreeSet<>();
        try (var consumer = new KafkaConsumer<String, String>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("all " + expected + " records").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> keys.add(record.key()));
                return keys.size() >= expected;
            });
        }
        return keys;
    }

    private static Set<String> allKeys(int count) {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            keys.add(key(i));
        }
        return keys;
    }

    private static String key(int i) {
        return String.format("item-%03d", i);
    }
}
