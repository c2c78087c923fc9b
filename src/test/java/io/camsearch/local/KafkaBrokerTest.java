package io.camsearch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @Test
    void aStartedBrokerCarriesARecordFromProducerToConsumerAndKeepsItAcrossARestart(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("java.class.path");
        try (KafkaBroker broker = KafkaBroker.start(dir, classpath, 0)) {
            broker.createTopics(List.of("t"), 2);
            try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "v")).get();
            }
        }
        try (KafkaBroker broker = KafkaBroker.start(dir, classpath, 0)) {
            try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "g", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                ConsumerRecord<String, String> record = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (record == null && System.nanoTime() < deadline) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        record = records.iterator().next();
                    }
                }
                assertEquals("k", record == null ? null : record.key());
                assertEquals("v", record.value());
            }
        }
    }
}
