package io.camsearch.ingest;

import io.camsearch.index.CatalogIndex;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Positions the consumer at the offsets recorded in the index's last commit whenever partitions
 * are assigned (at start, after a restart, after a rebalance). Kafka's own committed offsets are
 * never used: they are not atomic with the index, the index's are.
 */
@ApplicationScoped
@Identifier(IndexOffsetsRebalanceListener.NAME)
public class IndexOffsetsRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "camsearch-index-offsets";
    private static final Logger LOG = Logger.getLogger(IndexOffsetsRebalanceListener.class);

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Inject
    CatalogIndex index;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Positions committed;
        try {
            committed = Positions.fromCommitData(index.committedData());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the offsets of the index's last commit", e);
        }
        for (TopicPartition partition : partitions) {
            OptionalLong next = committed.next(partition);
            if (next.isPresent()) {
                consumer.seek(partition, next.getAsLong());
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
            LOG.infof("consuming %s from %s", partition, next.isEmpty() ? "the beginning" : "offset " + next.getAsLong() + " (index commit)");
        }
        assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** The partitions this service consumes now. */
    public Set<TopicPartition> assigned() {
        return Set.copyOf(assigned);
    }
}
