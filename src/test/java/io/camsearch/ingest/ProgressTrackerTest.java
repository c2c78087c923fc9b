package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The lag snapshot: what the gauges and the ingestion health report from successive views of the consumer. */
class ProgressTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("catalog-images", 0);
    private static final TopicPartition P1 = new TopicPartition("catalog-images", 1);
    private static final long T0 = 1_000_000_000_000L;
    private final ProgressTracker tracker = new ProgressTracker();

    private static long seconds(double s) {
        return T0 + (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void lagIsTheEndOffsetMinusTheIndexCommitPerPartitionAndSummed() {
        var progress = tracker.update(new ConsumerView(T0, Set.of(P0, P1), Map.of(P0, 90L, P1, 40L), Map.of(P0, 100L, P1, 40L), 5),
                Positions.of(Map.of(P0, 70L, P1, 35L)));
        assertTrue(progress.connected(T0));
        assertEquals(30, progress.lag(P0, T0));
        assertEquals(5, progress.lag(P1, T0), "measured from the index commit, not the consumer's position");
        assertEquals(35, progress.totalLag(T0));
    }

    @Test
    void aServiceThatNeverReachedTheBrokerReportsLagUnknownNotZero() {
        var progress = tracker.update(new ConsumerView(T0, Set.of(), Map.of(), Map.of(), 0), Positions.NONE);
        assertFalse(progress.connected(T0));
        assertTrue(Double.isNaN(progress.totalLag(T0)), "no broker, no assignment: unknown");
        assertTrue(Double.isNaN(IngestionProgress.NONE.totalLag(T0)), "before the first view: unknown");
        assertEquals(-1, progress.secondsSinceBrokerAnswered(T0));
    }

    @Test
    void connectedWithoutAssignmentIsUnknownToo() {
        var progress = tracker.update(new ConsumerView(T0, Set.of(), Map.of(), Map.of(), 3), Positions.NONE);
        assertTrue(progress.connected(T0));
        assertTrue(Double.isNaN(progress.totalLag(T0)));
    }

    @Test
    void aPartitionWhoseEndIsNotKnownYetIsUnknownAndSoIsTheTotal() {
        var progress = tracker.update(new ConsumerView(T0, Set.of(P0, P1), Map.of(P0, 10L), Map.of(P0, 10L), 2),
                Positions.of(Map.of(P0, 10L, P1, 0L)));
        assertEquals(0, progress.lag(P0, T0));
        assertTrue(Double.isNaN(progress.lag(P1, T0)));
        assertTrue(Double.isNaN(progress.totalLag(T0)));
    }

    @Test
    void whenTheBrokerStopsAnsweringTheLagBecomesUnknownOnceStaleAndKnownAgainWhenItAnswers() {
        tracker.update(new ConsumerView(T0, Set.of(P0), Map.of(P0, 50L), Map.of(P0, 50L), 10), Positions.of(Map.of(P0, 50L)));
        // The consumer still remembers the end offset, but no response has come since.
        var silent = tracker.update(new ConsumerView(seconds(9), Set.of(P0), Map.of(P0, 50L), Map.of(P0, 50L), 10), Positions.of(Map.of(P0, 50L)));
        assertEquals(0, silent.totalLag(seconds(9)), "9 s of silence: still fresh");
        assertEquals(0, silent.totalLag(seconds(10)));
        assertTrue(Double.isNaN(silent.totalLag(seconds(10.5))), "silent for longer than STALE_AFTER: unknown");
        assertTrue(Double.isNaN(silent.lag(P0, seconds(10.5))));
        assertFalse(silent.connected(seconds(10.5)));
        assertEquals(10, silent.secondsSinceBrokerAnswered(seconds(10.5)));

        var back = tracker.update(new ConsumerView(seconds(20), Set.of(P0), Map.of(P0, 50L), Map.of(P0, 60L), 11), Positions.of(Map.of(P0, 50L)));
        assertTrue(back.connected(seconds(20)));
        assertEquals(10, back.totalLag(seconds(20)));
    }

    @Test
    void aViewThatIsNotRefreshedGoesStaleEvenIfTheBrokerAnsweredThen() {
        var progress = tracker.update(new ConsumerView(T0, Set.of(P0), Map.of(P0, 5L), Map.of(P0, 5L), 1), Positions.of(Map.of(P0, 5L)));
        assertEquals(0, progress.totalLag(seconds(1)));
        assertTrue(Double.isNaN(progress.totalLag(seconds(11))), "the polling thread stopped answering");
        assertTrue(progress.viewedRecently(seconds(10)));
        assertFalse(progress.viewedRecently(seconds(11)));
    }

    @Test
    void aPartitionWithoutIndexCommitIsMeasuredFromWhereConsumptionBeganUntilItsFirstCommit() {
        // Consumed from the beginning (offset 1000 after retention); nothing committed yet.
        var first = tracker.update(new ConsumerView(T0, Set.of(P0), Map.of(P0, 1000L), Map.of(P0, 1200L), 1), Positions.NONE);
        assertEquals(200, first.totalLag(T0));
        var fetched = tracker.update(new ConsumerView(seconds(1), Set.of(P0), Map.of(P0, 1100L), Map.of(P0, 1200L), 2), Positions.NONE);
        assertEquals(200, fetched.totalLag(seconds(1)), "fetched is not indexed: still measured from the start");
        var committed = tracker.update(new ConsumerView(seconds(2), Set.of(P0), Map.of(P0, 1150L), Map.of(P0, 1200L), 3), Positions.of(Map.of(P0, 1080L)));
        assertEquals(120, committed.totalLag(seconds(2)));
    }

    @Test
    void aPartitionRevokedAndAssignedAgainStartsAfresh() {
        tracker.update(new ConsumerView(T0, Set.of(P0), Map.of(P0, 0L), Map.of(P0, 10L), 1), Positions.NONE);
        tracker.update(new ConsumerView(seconds(1), Set.of(), Map.of(), Map.of(), 2), Positions.NONE);
        var again = tracker.update(new ConsumerView(seconds(2), Set.of(P0), Map.of(P0, 7L), Map.of(P0, 10L), 3), Positions.NONE);
        assertEquals(3, again.totalLag(seconds(2)));
    }

    @Test
    void anIndexAheadOfAnEarlierHighWatermarkIsNoNegativeLag() {
        var progress = tracker.update(new ConsumerView(T0, Set.of(P0), Map.of(P0, 10L), Map.of(P0, 10L), 1), Positions.of(Map.of(P0, 12L)));
        assertEquals(0, progress.totalLag(T0));
    }
}
