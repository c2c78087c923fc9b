package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camsearch.index.CatalogIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assigned partitions resume from the offsets of the index's last commit, never from Kafka's group offsets. */
class IndexOffsetsRebalanceListenerTest {

    private static final TopicPartition P0 = new TopicPartition("catalog-images", 0);
    private static final TopicPartition P1 = new TopicPartition("catalog-images", 1);

    @Test
    void assignedPartitionsSeekToTheIndexsOffsetsOrToTheirBeginning(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 1_000)) {
            index.commit(Positions.of(Map.of(P0, 5L, new TopicPartition("other-topic", 1), 9L)).toCommitData());
            IndexOffsetsRebalanceListener listener = new IndexOffsetsRebalanceListener();
            listener.index = index;
            MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
            consumer.assign(List.of(P0, P1));
            consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 3L));
            consumer.updateEndOffsets(Map.of(P0, 20L, P1, 30L));
            // Kafka's own committed offset for the group must not matter.
            consumer.commitSync(Map.of(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(17L)));

            listener.onPartitionsAssigned(consumer, List.of(P0, P1));

            assertEquals(5L, consumer.position(P0), "the index's next offset");
            assertEquals(3L, consumer.position(P1), "nothing of it in the index: its beginning, not the end ('latest')");
            assertEquals(Set.of(P0, P1), listener.assigned());

            listener.onPartitionsRevoked(consumer, List.of(P0));
            assertEquals(Set.of(P1), listener.assigned());
            listener.onPartitionsLost(consumer, List.of(P1));
            assertEquals(Set.of(), listener.assigned());
        }
    }

    @Test
    void aNewIndexStartsEveryPartitionAtItsBeginning(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 1_000)) {
            IndexOffsetsRebalanceListener listener = new IndexOffsetsRebalanceListener();
            listener.index = index;
            MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
            consumer.assign(List.of(P0, P1));
            consumer.updateBeginningOffsets(Map.of(P0, 2L, P1, 0L));
            consumer.updateEndOffsets(Map.of(P0, 20L, P1, 30L));

            listener.onPartitionsAssigned(consumer, List.of(P0, P1));

            assertEquals(2L, consumer.position(P0));
            assertEquals(0L, consumer.position(P1));
        }
    }
}
