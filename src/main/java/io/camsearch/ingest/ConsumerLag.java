package io.camsearch.ingest;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Events published but not yet in the index: for each assigned partition, its end offset minus
 * the next offset the index will take (its beginning when nothing was taken yet). Measured against
 * the index's commits, not Kafka's group offsets, because those are the offsets that count.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    KafkaClientService clients;

    @Inject
    CatalogImagesConsumer consumer;

    /** The total lag over the assigned partitions; NaN when the broker cannot tell now. */
    public double events() {
        try {
            var kafka = clients.<String, byte[]>getConsumer(CatalogImagesConsumer.CHANNEL);
            if (kafka == null) {
                return Double.NaN;
            }
            Map<String, Long> positions = consumer.positions();
            return kafka.runOnPollingThread(c -> {
                Set<TopicPartition> assignment = c.assignment();
                Map<TopicPartition, Long> ends = c.endOffsets(assignment, TIMEOUT);
                Map<TopicPartition, Long> beginnings = c.beginningOffsets(assignment, TIMEOUT);
                long lag = 0;
                for (TopicPartition partition : assignment) {
                    long next = positions.getOrDefault(partition.topic() + "-" + partition.partition(), beginnings.getOrDefault(partition, 0L));
                    lag += Math.max(0, ends.getOrDefault(partition, next) - next);
                }
                return (double) lag;
            }).await().atMost(TIMEOUT.multipliedBy(3));
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
