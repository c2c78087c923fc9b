package io.camsearch.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every record of a topic, read from the beginning by a plain consumer with no group, as a test checks what a service published. */
public final class TopicRecords {

    private TopicRecords() {}

    /**
     * Reads {@code topic} from the beginning of all its partitions until the records read so far
     * satisfy {@code enough}; fails after {@code deadline} naming what it read.
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrapServers, String topic, Predicate<List<ConsumerRecord<String, byte[]>>> enough,
            Duration deadline) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = System.nanoTime() + deadline.toNanos();
            while (!enough.test(read)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("within " + deadline + ", " + topic + " did not hold what was expected; read " + read.size()
                            + " records with keys " + read.stream().map(ConsumerRecord::key).toList());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }
}
