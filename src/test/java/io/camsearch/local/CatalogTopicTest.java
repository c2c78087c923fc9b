package io.camsearch.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's {@code catalog-images} keeps every live item for a reindex: a replay from the
 * beginning, after the broker's cleaner has compacted the topic, still holds the latest event of
 * every item and the tombstone of every deleted one, and nothing older. Every place that creates
 * the catalog's topics creates them with {@link CatalogPublisher#topics}.
 */
class CatalogTopicTest {

    /** What LocalRun, ScaleOutSystem, the benchmarks and the packaged-service tests create, read back from a real broker. */
    @Test
    void theCatalogTopicsAreCreatedWithCatalogImagesCompactedAndItsDeadLettersBeside(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, System.getProperty("java.class.path"), 0); Admin admin = broker.admin()) {
            broker.createTopics(CatalogPublisher.topics(3, (short) 1));
            assertEquals(Map.of(CatalogPublisher.TOPIC, 3, CatalogPublisher.DEAD_LETTER_TOPIC, 1), partitions(admin));
            assertEquals("compact", topicConfig(admin, CatalogPublisher.TOPIC, TopicConfig.CLEANUP_POLICY_CONFIG));
            assertEquals(Long.toString(CatalogPublisher.REPLAY_BOUND.toMillis()),
                    topicConfig(admin, CatalogPublisher.TOPIC, TopicConfig.DELETE_RETENTION_MS_CONFIG));
            assertEquals("delete", topicConfig(admin, CatalogPublisher.DEAD_LETTER_TOPIC, TopicConfig.CLEANUP_POLICY_CONFIG),
                    "dead letters may have no key, which a compacted topic refuses");

            broker.createTopics(CatalogPublisher.topics(3, (short) 1));
            assertEquals("compact", topicConfig(admin, CatalogPublisher.TOPIC, TopicConfig.CLEANUP_POLICY_CONFIG), "a second run, its topics kept, creates them again without failing");
        }
    }

    private static Map<String, Integer> partitions(Admin admin) throws Exception {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        admin.describeTopics(List.of(CatalogPublisher.TOPIC, CatalogPublisher.DEAD_LETTER_TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .forEach((name, description) -> partitions.put(name, description.partitions().size()));
        return partitions;
    }

    private static String topicConfig(Admin admin, String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
    }

    @Test
    void aReplayOfTheCompactedTopicHoldsTheLatestEventOfEveryItemAndItsDeletes(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, System.getProperty("java.class.path"), 0);
                Admin admin = broker.admin();
                var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
            broker.createTopics(List.of(CatalogPublisher.topic(1, (short) 1)));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, CatalogPublisher.TOPIC);
            var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals("compact", config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(Long.toString(Duration.ofDays(7).toMillis()), config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value());

            // Only so that the cleaner runs within the test: small segments, cleaned at once.
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, "100"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            for (String[] event : new String[][] {{"a", "a1"}, {"b", "b1"}, {"a", "a2"}, {"b", null}, {"c", "c1"}}) {
                producer.send(new ProducerRecord<>(CatalogPublisher.TOPIC, event[0], event[1])).get(30, TimeUnit.SECONDS);
            }
            ExecutionException keyless = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(CatalogPublisher.TOPIC, null, "no key")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(InvalidRecordException.class, keyless.getCause(), "a compacted topic refuses an event without its item id as key");

            // The cleaner leaves the active segment alone: later records roll it, until it has compacted the first.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                producer.send(new ProducerRecord<>(CatalogPublisher.TOPIC, "z", "roll")).get(30, TimeUnit.SECONDS);
                return replay(broker).getFirst().offset() > 0;
            });
            Map<String, String> latest = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> record : replay(broker)) {
                if (!record.key().equals("z")) {
                    latest.put(record.key() + "@" + record.offset(), record.value());
                }
            }
            assertEquals(Map.of("b@3", "null", "a@2", "a2", "c@4", "c1"), stringValues(latest), "what a replay from the beginning reads");
        }
    }

    private static Map<String, String> stringValues(Map<String, String> records) {
        Map<String, String> out = new LinkedHashMap<>();
        records.forEach((key, value) -> out.put(key, String.valueOf(value)));
        return out;
    }

    /** Every record of the topic from its beginning. */
    private static List<ConsumerRecord<String, String>> replay(KafkaBroker broker) {
        TopicPartition partition = new TopicPartition(CatalogPublisher.TOPIC, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
