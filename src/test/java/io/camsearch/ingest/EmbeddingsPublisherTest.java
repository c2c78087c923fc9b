package io.camsearch.ingest;

import static io.camsearch.ingest.TestIngestSettings.small;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.index.SourceVersion;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.model.ModelIdentity;
import io.camsearch.service.ServiceDefaults;
import io.camsearch.source.ImageFetcher;
import io.camsearch.support.CatalogImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedder's pipeline (the real fetch and embedding stages, an embedder without a model, the
 * publisher) against a real broker: what lands on the embeddings topic, and when the consumer
 * group's offsets move.
 */
class EmbeddingsPublisherTest {

    private static final ModelIdentity MODEL = ModelIdentity.of("grid-colour", new byte[32], GridColourEmbedder.DIM);
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final GridColourEmbedder EMBEDDER = new GridColourEmbedder();

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static ImageFetcher fetcher;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.start(dir, System.getProperty("java.class.path"), 0);
        fetcher = ImageFetcher.standalone(ServiceDefaults.source().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopBroker() {
        fetcher.close();
        broker.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    @Test
    void eachEventBecomesAnEnvelopeOrTombstoneKeyedByItsIdInEventOrderAndTheGroupCommitsThemAll() throws Exception {
        String source = "images-roundtrip";
        broker.createTopics(List.of(source), 2);
        String topic = EmbeddingsTopic.PREFIX + "roundtrip";
        try (Admin admin = broker.admin()) {
            assertTrue(new EmbeddingsTopicSetup(2, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES).createIfMissing(admin, topic));
            assertEquals(false, new EmbeddingsTopicSetup(2, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES).createIfMissing(admin, topic));
        }
        // Each id's events, in order; partition by id as the catalog's producer does.
        Map<String, List<byte[]>> images = new LinkedHashMap<>();
        List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
        String[] ids = {"a", "b", "c"};
        for (int i = 0; i < 12; i++) {
            String id = ids[i % 3];
            int partition = id.equals("c") ? 1 : 0;
            boolean delete = i == 10; // b's last event
            byte[] png = delete ? null : CatalogImages.png(i % 8, i);
            images.computeIfAbsent(id, k -> new ArrayList<>()).add(png);
            events.add(new ProducerRecord<>(source, partition, id, delete ? null : CatalogPublisher.inlineEvent(id, png, Map.of("n", i))));
        }
        send(events);

        start(source, broker, topic, "roundtrip", small().modelBatch(2).build(), NO_DEAD_LETTERS);

        await().atMost(Duration.ofSeconds(120)).until(() -> groupOffsets("roundtrip"),
                offsets -> Long.valueOf(8).equals(offset(offsets, source, 0)) && Long.valueOf(4).equals(offset(offsets, source, 1)));
        List<ConsumerRecord<String, byte[]>> published = readAll(broker, topic);
        Map<String, List<byte[]>> publishedImages = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : published) {
            List<byte[]> expected = images.get(record.key());
            int n = publishedImages.computeIfAbsent(record.key(), k -> new ArrayList<>()).size();
            byte[] png = expected.get(n);
            publishedImages.get(record.key()).add(png);
            if (png == null) {
                assertNull(record.value(), record.key() + "'s delete is a tombstone");
                continue;
            }
            EmbeddingEnvelope envelope = EnvelopeCodec.decode(record.key(), record.value());
            assertEquals(MODEL, envelope.model());
            assertEquals(record.key(), envelope.item().id());
            assertArrayEquals(EMBEDDER.toInput(DECODER.decode(png)), envelope.item().embedding(), 0f, record.key() + "'s event " + n);
            assertNotNull(envelope.item().thumbnail());
            assertNotNull(envelope.item().explanation());
            assertEquals(record.key().equals("c") ? 1 : 0, envelope.version().partition());
            assertEquals(Map.of("n", (long) indexOf(events, record.key(), n)), envelope.item().metadata());
            assertEquals(new SourceVersion(record.key().equals("c") ? 1 : 0, sourceOffset(events, record.key(), n)), envelope.version());
        }
        assertEquals(images.keySet(), publishedImages.keySet());
        for (String id : ids) {
            assertEquals(images.get(id).size(), publishedImages.get(id).size(), id + ": every event once, in order");
        }
    }

    @Test
    void offsetsReachTheGroupOnlyAfterTheBrokerAcknowledgesAndARestartPublishesWhatWasNot(@TempDir Path embeddingsDir) throws Exception {
        String source = "images-acks";
        broker.createTopics(List.of(source), 1);
        String topic = EmbeddingsTopic.PREFIX + "acks";
        // The embeddings topic on a broker of its own: it can stop while the group's coordinator stays up.
        KafkaBroker embeddingsBroker = KafkaBroker.start(embeddingsDir, System.getProperty("java.class.path"), 0);
        int port = embeddingsBroker.port();
        try {
            embeddingsBroker.createTopics(List.of(topic), 1);
            send(List.of(event(source, "a", 1), event(source, "b", 2)));
            CatalogEmbedder first = start(source, embeddingsBroker, topic, "acks", small().build(), NO_DEAD_LETTERS);
            await().atMost(Duration.ofSeconds(120)).until(() -> offset(groupOffsets("acks"), source, 0), Long.valueOf(2)::equals);

            embeddingsBroker.kill();
            send(List.of(event(source, "c", 3), event(source, "d", 4)));
            await().atMost(Duration.ofSeconds(60)).until(() -> first.failure() != null);

            assertTrue(first.failure().getMessage().contains("did not acknowledge"), first.failure().getMessage());
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
            assertEquals(2L, offset(groupOffsets("acks"), source, 0), "the unacknowledged records are not committed");

            embeddingsBroker = KafkaBroker.start(embeddingsDir, System.getProperty("java.class.path"), port);
            start(source, embeddingsBroker, topic, "acks", small().build(), NO_DEAD_LETTERS);
            await().atMost(Duration.ofSeconds(120)).until(() -> offset(groupOffsets("acks"), source, 0), Long.valueOf(4)::equals);
            List<ConsumerRecord<String, byte[]>> published = readAll(embeddingsBroker, topic);
            assertEquals(List.of("a", "b", "c", "d"), published.stream().map(ConsumerRecord::key).toList(), "nothing lost, each once");
            assertEquals(List.of(0L, 1L, 2L, 3L), published.stream().map(r -> decode(r).version().offset()).toList());
        } finally {
            closeClients();
            embeddingsBroker.close();
        }
    }

    @Test
    void anEnvelopeLargerThanTheTopicTakesBecomesADeadLetterNamingItsSizeAndTheSettingAndTheRestGoesOn() throws Exception {
        String source = "images-large";
        broker.createTopics(List.of(source), 1);
        String topic = EmbeddingsTopic.PREFIX + "large";
        try (Admin admin = broker.admin()) {
            // A topic made too small by hand (the setup refuses it): 20 KB. Still above the producer's batch.size
            // (16 KB): below it, the producer splits a refused batch into the same batch again, forever.
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> bulky = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            bulky.put("k" + i, "x".repeat(1000));
        }
        send(List.of(event(source, "small", 1), new ProducerRecord<>(source, 0, "bulky", CatalogPublisher.inlineEvent("bulky", CatalogImages.png(2, 2), bulky)),
                event(source, "after", 3)));
        List<DeadLetter> letters = Collections.synchronizedList(new ArrayList<>());
        start(source, broker, topic, "large", small().thumbnailMaxSide(16).build(), letters::addAll);

        await().atMost(Duration.ofSeconds(120)).until(() -> offset(groupOffsets("large"), source, 0), Long.valueOf(3)::equals);
        assertEquals(List.of("small", "after"), readAll(broker, topic).stream().map(ConsumerRecord::key).toList());
        assertEquals(1, letters.size());
        DeadLetter letter = letters.get(0);
        assertEquals("ENVELOPE_TOO_LARGE", letter.reason());
        assertEquals("bulky", letter.key());
        assertEquals(1L, letter.sourceOffset());
        assertTrue(letter.detail().matches("the envelope of 'bulky' has 3\\d{4} bytes, more than " + topic.replace(".", "\\.")
                + " takes: raise the producer's max\\.request\\.size and the topic's max\\.message\\.bytes .*"), letter.detail());
    }

    private static final DeadLetterSink NO_DEAD_LETTERS = letters -> {
        throw new IOException("no dead letter expected: " + letters);
    };

    /** An embedder of {@code source} into {@code topic} on {@code embeddingsBroker}, a member of {@code group}. */
    private CatalogEmbedder start(String source, KafkaBroker embeddingsBroker, String topic, String group, IngestSettings settings, DeadLetterSink letters) {
        Map<String, Object> producerSettings = EmbeddingsPublisher.producerSettings(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, embeddingsBroker.bootstrapServers(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 4000), 1024 * 1024);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
        open.add(producer);
        var publisher = new EmbeddingsPublisher(producer, MODEL, null, topic, letters, Positions.NONE, CatalogIngestor.applierCapacity(settings));
        CatalogIngestor ingestor = new CatalogIngestor(fetcher, DECODER, EMBEDDER, publisher, settings);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(CatalogEmbedder.consumerSettings(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), group), new StringDeserializer(), new ByteArrayDeserializer());
        CatalogEmbedder embedderLoop = new CatalogEmbedder(consumer, ingestor, source);
        open.add(embedderLoop);
        return embedderLoop;
    }

    private static ProducerRecord<String, byte[]> event(String source, String id, int n) {
        return new ProducerRecord<>(source, 0, id, CatalogPublisher.inlineEvent(id, CatalogImages.png(n % 8, n), Map.of("n", n)));
    }

    private static void send(List<ProducerRecord<String, byte[]>> events) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> event : events) {
                producer.send(event).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    private static Long offset(Map<TopicPartition, OffsetAndMetadata> offsets, String topic, int partition) {
        OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, partition));
        return offset == null ? null : offset.offset();
    }

    /** Every record of the topic, from the beginning to its end offsets, partition by partition. */
    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaBroker from, String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, from.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }

    private static EmbeddingEnvelope decode(ConsumerRecord<String, byte[]> record) {
        try {
            return EnvelopeCodec.decode(record.key(), record.value());
        } catch (io.camsearch.embeddings.EnvelopeFormatException e) {
            throw new AssertionError(record.key() + ": " + e.getMessage(), e);
        }
    }

    private static int indexOf(List<ProducerRecord<String, byte[]>> events, String id, int n) {
        int seen = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).key().equals(id) && seen++ == n) {
                return i;
            }
        }
        throw new AssertionError(id + " has no event " + n + " in " + Arrays.toString(events.stream().map(ProducerRecord::key).toArray()));
    }

    private static long sourceOffset(List<ProducerRecord<String, byte[]>> events, String id, int n) {
        int index = indexOf(events, id, n);
        int partition = events.get(index).partition();
        return events.subList(0, index).stream().filter(e -> e.partition() == partition).count();
    }
}
