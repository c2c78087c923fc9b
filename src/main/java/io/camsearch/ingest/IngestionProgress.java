package io.camsearch.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Ingestion's progress as last seen from the consumer: kept up to date in the background, read by
 * the health checks and the metrics without waiting for anything. A figure the consumer cannot
 * vouch for now is unknown (NaN), never a guess: before the broker first answered, while nothing
 * is assigned, and once the broker or the consumer has been silent for {@link #STALE_AFTER}.
 *
 * @param viewedAt {@link System#nanoTime()} of the last view of the consumer, {@link #NEVER} before the first
 * @param brokerAnsweredAt {@link System#nanoTime()} by which the broker had last answered, {@link #NEVER} if it never did
 * @param assigned the partitions assigned at the last view
 * @param lags events published but not yet committed to the index, per assigned partition where known
 */
public record IngestionProgress(long viewedAt, long brokerAnsweredAt, Set<TopicPartition> assigned, Map<TopicPartition, Long> lags) {

    public static final long NEVER = Long.MIN_VALUE;

    /**
     * How long without a response from the broker (or a view of the consumer) before what it last
     * said is stale: a connected consumer hears from the broker every fetch wait (0.5 s) and every
     * heartbeat (3 s), even when paused or idle.
     */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);

    /** Before the consumer was first seen. */
    public static final IngestionProgress NONE = new IngestionProgress(NEVER, NEVER, Set.of(), Map.of());

    public IngestionProgress {
        assigned = Set.copyOf(assigned);
        lags = Map.copyOf(lags);
        assert assigned.containsAll(lags.keySet()) : "lags " + lags.keySet() + " of partitions not assigned " + assigned;
    }

    /** Whether the broker answered the consumer within {@link #STALE_AFTER} before {@code now}, as of a view that recent. */
    public boolean connected(long now) {
        return brokerAnsweredAt != NEVER && within(brokerAnsweredAt, now) && within(viewedAt, now);
    }

    /** The partition's lag, or NaN when unknown now. */
    public double lag(TopicPartition partition, long now) {
        Long lag = lags.get(partition);
        return lag != null && connected(now) ? lag : Double.NaN;
    }

    /** The lag over all assigned partitions, or NaN when any is unknown or nothing is assigned. */
    public double totalLag(long now) {
        if (assigned.isEmpty() || !lags.keySet().containsAll(assigned) || !connected(now)) {
            return Double.NaN;
        }
        return lags.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the consumer's polling thread has been seen within {@link #STALE_AFTER} (it stops when the channel fails). */
    public boolean viewedRecently(long now) {
        return within(viewedAt, now);
    }

    /** Seconds since the broker last answered, or -1 if it never did. */
    public long secondsSinceBrokerAnswered(long now) {
        return secondsSince(brokerAnsweredAt, now);
    }

    /** Seconds since the last view, which the polling thread ran between two polls: when it last polled, to within a poll; -1 before the first. */
    public long secondsSincePolled(long now) {
        return secondsSince(viewedAt, now);
    }

    /** Seconds from {@code then} (a {@link System#nanoTime()}) to now, or -1 for {@link #NEVER}. */
    public static long secondsSince(long then, long now) {
        return then == NEVER ? -1 : Duration.ofNanos(now - then).toSeconds();
    }

    private static boolean within(long then, long now) {
        return then != NEVER && now - then <= STALE_AFTER.toNanos();
    }
}
