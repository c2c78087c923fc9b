package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.CatalogIndex;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Positions: they only move forward, and they read and write the index commit's format. */
class PositionsTest {

    private static final TopicPartition P0 = new TopicPartition("catalog-images", 0);
    private static final TopicPartition P1 = new TopicPartition("catalog-images", 1);
    /** A topic whose name has dashes and digits, as the partition suffix has. */
    private static final TopicPartition DASHED = new TopicPartition("catalog-embeddings.demo-2", 11);

    @Test
    void advancingAndMergingNeverMoveAPartitionBack() {
        Positions p = Positions.NONE.advance(P0, 10).advance(P1, 3);
        assertEquals(Positions.of(Map.of(P0, 10L, P1, 3L)), p.advance(P0, 7), "an earlier offset leaves the partition where it is");
        assertEquals(Positions.of(Map.of(P0, 12L, P1, 3L, DASHED, 5L)), p.merge(Positions.of(Map.of(P0, 12L, P1, 1L, DASHED, 5L))));
        assertEquals(OptionalLong.of(10), p.next(P0));
        assertEquals(OptionalLong.empty(), p.next(DASHED));
    }

    @Test
    void aRecordAdvancesItsPartitionPastItsOffset() {
        Positions p = Positions.NONE.after(new ConsumerRecord<>("catalog-images", 1, 41L, "k", new byte[0]));
        assertEquals(Positions.of("catalog-images", 1, 42L), p);
        assertEquals("{catalog-images-1=42}", p.toString());
    }

    @Test
    void theCommitDataIsTheFormatIndexesHaveAlwaysCarried() {
        // What CatalogIndex wrote before positions had a type of their own: offset:<topic>-<partition> = next offset.
        Map<String, String> stored = Map.of("offset:catalog-images-0", "20", "offset:catalog-images-1", "7");
        assertEquals(Positions.of(Map.of(P0, 20L, P1, 7L)), Positions.fromCommitData(stored));
        assertEquals(stored, Positions.of(Map.of(P0, 20L, P1, 7L)).toCommitData());
    }

    @Test
    void aTopicNameWithDashesAndDigitsSurvivesTheRoundTripAndOtherCommitDataIsIgnored() {
        Positions p = Positions.of(Map.of(DASHED, 5L, P0, 0L));
        Map<String, String> data = new java.util.HashMap<>(p.toCommitData());
        assertEquals("5", data.get("offset:catalog-embeddings.demo-2-11"));
        data.put("model", "demo");
        assertEquals(p, Positions.fromCommitData(data));
    }

    @Test
    void aMalformedEntryIsRefusedNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Positions.fromCommitData(Map.of("offset:catalog-images", "5")));
        assertTrue(e.getMessage().contains("'offset:catalog-images'"), e.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> Positions.fromCommitData(Map.of("offset:catalog-images-0", "-1")));
        assertTrue(negative.getMessage().contains("'offset:catalog-images-0' = '-1'"), negative.getMessage());
    }

    @Test
    void positionsCommittedWithARealIndexAreReadBackAfterAReopen(@TempDir Path dir) throws Exception {
        Positions p = Positions.of(Map.of(P0, 20L, DASHED, 9L));
        try (CatalogIndex index = CatalogIndex.open(dir, 1_000)) {
            assertEquals(Positions.NONE, Positions.fromCommitData(index.committedData()), "a new index has none");
            index.commit(p.toCommitData());
        }
        try (CatalogIndex reopened = CatalogIndex.open(dir, 1_000)) {
            assertEquals(p, Positions.fromCommitData(reopened.committedData()));
        }
    }
}
