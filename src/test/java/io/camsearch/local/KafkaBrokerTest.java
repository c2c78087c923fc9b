package io.camsearch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
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

    @Test
    void aSaslBrokerTakesRecordsFromItsUsersOnlyAndCreatesTopicsAsItself(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.startWithSaslPlain(dir, System.getProperty("java.class.path"), 0, Map.of("alice", "alice-pw-123"))) {
            broker.createTopics(List.of("t"), 1);
            assertTrue(published(broker, KafkaBroker.saslPlainClient("alice", "alice-pw-123")), "a user with its password");
            assertFalse(published(broker, KafkaBroker.saslPlainClient("alice", "wrong-pw-123")), "a wrong password");
            assertFalse(published(broker, Map.of()), "no credentials");
        }
    }

    @Test
    void anSslBrokerTakesRecordsFromClientsThatTrustItsCertificateOnly(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.startWithSsl(dir, System.getProperty("java.class.path"), 0)) {
            broker.createTopics(List.of("t"), 1);
            assertTrue(published(broker, broker.clientSecurity()), "a client trusting the broker's certificate");
            assertFalse(published(broker, Map.of("security.protocol", "SSL")), "a client trusting only the JDK's authorities");
            assertFalse(published(broker, Map.of()), "a PLAINTEXT client");
        }
    }

    /** Whether a producer with these security settings gets a record acknowledged within 10 s. */
    private static boolean published(KafkaBroker broker, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (var producer = new KafkaProducer<String, String>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
