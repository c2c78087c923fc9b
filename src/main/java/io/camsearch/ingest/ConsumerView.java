package io.camsearch.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What the consumer knew at one moment, read on its polling thread from its own state, without a
 * request to the broker.
 *
 * @param takenAt {@link System#nanoTime()} when read
 * @param assignment the partitions assigned to it
 * @param positions the next offset it will fetch, per partition where it is known
 * @param ends the end offset (high watermark) as of its last fetch, per partition where it is known
 * @param responses how many responses it has had from the broker so far (any request: fetches
 *     answer at least every {@code fetch.max.wait.ms}, heartbeats every {@code heartbeat.interval.ms}),
 *     so that a number that stops growing means the broker stopped answering
 */
public record ConsumerView(long takenAt, Set<TopicPartition> assignment, Map<TopicPartition, Long> positions,
                           Map<TopicPartition, Long> ends, double responses) {

    /** The consumer's network metric counting every response, all brokers together. */
    static final String RESPONSES_METRIC = "response-total";
    static final String RESPONSES_GROUP = "consumer-metrics";

    public ConsumerView {
        assignment = Set.copyOf(assignment);
        positions = Map.copyOf(positions);
        ends = Map.copyOf(ends);
    }

    /** Reads the consumer; call it on the consumer's polling thread only (a Kafka consumer is single-threaded). */
    static ConsumerView of(Consumer<?, ?> consumer, long now) {
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, Long> positions = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition partition : assignment) {
            // currentLag (KIP-695) is the locally known high watermark minus the position; empty
            // until both are known. It sends at most an asynchronous end-offset request, never waits.
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                try {
                    // Known, so this returns it without a request; zero: it never waits for one.
                    long position = consumer.position(partition, Duration.ZERO);
                    positions.put(partition, position);
                    ends.put(partition, position + lag.getAsLong());
                } catch (TimeoutException e) {
                    // The position is being validated after a leader change: unknown for now.
                }
            }
        }
        return new ConsumerView(now, assignment, positions, ends, responses(consumer.metrics()));
    }

    private static double responses(Map<MetricName, ? extends Metric> metrics) {
        for (var entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if (RESPONSES_METRIC.equals(name.name()) && RESPONSES_GROUP.equals(name.group())
                    && entry.getValue().metricValue() instanceof Number n) {
                return n.doubleValue();
            }
        }
        return 0;
    }
}
