package io.camsearch.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns successive {@link ConsumerView}s and the index's committed positions into
 * {@link IngestionProgress}. A partition's lag is its end offset minus the next offset the index
 * will take: the offset in the index's last commit, or, for a partition with none yet (consumed
 * from its beginning), where this consumer started on it. Not thread-safe: one updater at a time.
 */
final class ProgressTracker {

    /** Where consumption began, for assigned partitions the index has no offset of. */
    private final Map<TopicPartition, Long> starts = new HashMap<>();
    private double responses;
    private long brokerAnsweredAt = IngestionProgress.NEVER;

    /**
     * @param committed the positions in the index's last commit
     */
    IngestionProgress update(ConsumerView view, Positions committed) {
        if (view.responses() > responses) {
            responses = view.responses();
            brokerAnsweredAt = view.takenAt();
        }
        starts.keySet().retainAll(view.assignment());
        Map<TopicPartition, Long> lags = new HashMap<>();
        for (TopicPartition partition : view.assignment()) {
            Long next = committed.asMap().get(partition);
            if (next == null) {
                Long position = view.positions().get(partition);
                if (position != null) {
                    starts.putIfAbsent(partition, position);
                }
                next = starts.get(partition);
            }
            Long end = view.ends().get(partition);
            if (next != null && end != null) {
                // The index can be ahead of a high watermark read a moment earlier.
                lags.put(partition, Math.max(0, end - next));
            }
        }
        return new IngestionProgress(view.takenAt(), brokerAnsweredAt, view.assignment(), lags);
    }
}
