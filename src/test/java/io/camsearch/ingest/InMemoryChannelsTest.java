package io.camsearch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

/**
 * The messaging wiring without a broker: both channels on SmallRye's in-memory connector, beside
 * the real-broker tests ({@link CatalogIngestionTest}). The consumer takes the polled batch as
 * {@code ConsumerRecords}, so the test sends it that: a batch as the Kafka connector would hand it
 * over, one partition, offsets of the test's choosing. What it proves is the wiring the broker
 * tests cannot isolate: the channel reaches the consumer, the consumer's batch reaches the index
 * and its offsets the index commit, and a reject reaches the dead-letter channel with the record
 * and its headers.
 */
@QuarkusTest
@QuarkusTestResource(value = InMemoryChannelsResource.class, restrictToAnnotatedClass = true)
class InMemoryChannelsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final float EMBEDDING_TOLERANCE = 1e-5f;

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    CatalogIndex index;

    @Inject
    ImageExplainer explainer;

    @Inject
    CatalogImagesConsumer consumer;

    @Test
    void aCatalogEventOnTheChannelEndsInTheIndexWithItsOffsetCommitted() throws Exception {
        byte[] png = CatalogImages.png(5, 1);
        Map<String, Object> metadata = CatalogImages.metadata(5, 1);
        connector.source(InMemoryChannelsResource.CATALOG_IMAGES).send(batch(0, 41,
                new Event("in-memory-item", CatalogPublisher.inlineEvent("in-memory-item", png, metadata))));

        CatalogItem item = await("the item to be searchable").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> index.get("in-memory-item"), found -> found.isPresent()).orElseThrow();
        assertArrayEquals(explainer.analyze(png).features().embedding(), item.embedding(), EMBEDDING_TOLERANCE,
                "embedded by the real model from the event's bytes");
        assertEquals("class-5", item.metadata().get("category"));
        assertEquals(11.0, ((Number) item.metadata().get("price")).doubleValue());
        await("the offset after the event to be committed with the index").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(42L, Positions.fromCommitData(index.committedData()).next(new TopicPartition("catalog-images", 0)).orElse(-1)));
        assertEquals(42L, consumer.positions().next(new TopicPartition("catalog-images", 0)).orElse(-1));
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterChannelWithItsSourceAndReason() throws Exception {
        InMemorySink<Record<String, byte[]>> deadLetters = connector.sink(InMemoryChannelsResource.DEAD_LETTERS);
        deadLetters.clear();
        byte[] malformed = "{\"id\": \"in-memory-bad\", \"image\": ".getBytes(StandardCharsets.UTF_8);
        connector.source(InMemoryChannelsResource.CATALOG_IMAGES).send(batch(1, 7, new Event("in-memory-bad", malformed)));

        await("the dead letter").atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> deadLetters.received().size() == 1);
        Message<Record<String, byte[]>> letter = deadLetters.received().get(0);
        assertEquals("in-memory-bad", letter.getPayload().key());
        assertArrayEquals(malformed, letter.getPayload().value(), "the original value, unchanged");
        Headers headers = letter.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertEquals("MALFORMED_JSON", header(headers, DeadLetter.REASON_HEADER));
        assertEquals("catalog-images", header(headers, DeadLetter.TOPIC_HEADER));
        assertEquals("1", header(headers, DeadLetter.PARTITION_HEADER));
        assertEquals("7", header(headers, DeadLetter.OFFSET_HEADER));
        assertTrue(header(headers, DeadLetter.DETAIL_HEADER).contains("not JSON"), header(headers, DeadLetter.DETAIL_HEADER));
        await("the offset after the reject to be committed").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(8L, Positions.fromCommitData(index.committedData()).next(new TopicPartition("catalog-images", 1)).orElse(-1)));
        assertTrue(index.get("in-memory-bad").isEmpty());
    }

    private record Event(String key, byte[] value) {}

    /** One polled batch of one partition, from {@code firstOffset} on, as the Kafka connector hands it to the consumer. */
    private static ConsumerRecords<String, byte[]> batch(int partition, long firstOffset, Event... events) {
        TopicPartition tp = new TopicPartition(InMemoryChannelsResource.CATALOG_IMAGES, partition);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            records.add(new ConsumerRecord<>(tp.topic(), partition, firstOffset + i, events[i].key(), events[i].value()));
        }
        return new ConsumerRecords<>(Map.of(tp, records), Map.of(tp, new OffsetAndMetadata(firstOffset + events.length)));
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
