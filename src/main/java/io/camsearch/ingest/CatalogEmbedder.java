package io.camsearch.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The embedder's consumer of {@code catalog-images}: a member of its consumer group that hands
 * each polled batch to a {@link CatalogIngestor} ending in an {@link EmbeddingsPublisher}, and
 * commits to the group only the positions the publisher reports acknowledged ({@link
 * ChangeApplier#committed}), after each poll, when partitions are revoked, and at close. So a
 * committed offset never covers a record that is not on the embeddings topic; records published
 * but not yet committed when the process dies are consumed and published again by whoever owns the
 * partition next (harmless: searchers keep the newer version).
 *
 * <p>Why a plain consumer here and not the SmallRye channel the index side uses: the group commit
 * must follow the publisher's acknowledgements, per partition, from the one thread that may touch
 * the consumer; the channel's commit strategies commit what its messages acknowledge, which a
 * batch channel does per polled batch, not per chunk acknowledged.
 *
 * <p>A failure of the pipeline stops the loop without committing past the last acknowledged chunk;
 * {@link #failure} tells it, and a new embedder resumes from the group's offsets.
 */
public final class CatalogEmbedder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CatalogEmbedder.class.getName());
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final CatalogIngestor ingestor;
    private final String sourceTopic;
    private final Thread thread;
    private final Map<TopicPartition, Long> committedToGroup = new HashMap<>();
    private volatile boolean stopping;
    private volatile Throwable failure;

    /**
     * Starts consuming {@code sourceTopic} on a thread of its own.
     *
     * @param consumer made with {@link #consumerSettings}; this embedder closes it
     * @param ingestor the stages ending in the publisher; this embedder closes it
     */
    public CatalogEmbedder(Consumer<String, byte[]> consumer, CatalogIngestor ingestor, String sourceTopic) {
        this.consumer = consumer;
        this.ingestor = ingestor;
        this.sourceTopic = sourceTopic;
        this.thread = Futures.daemons("catalog-embedder").newThread(this::run);
        thread.start();
    }

    /**
     * Starts consuming {@code sourceTopic} into {@code ingestor} with a consumer of its own.
     *
     * @param consumerSettings made with {@link #consumerSettings}
     */
    public static CatalogEmbedder start(Map<String, ?> consumerSettings, CatalogIngestor ingestor, String sourceTopic) {
        return new CatalogEmbedder(new KafkaConsumer<>(new HashMap<>(consumerSettings), new StringDeserializer(), new ByteArrayDeserializer()),
                ingestor, sourceTopic);
    }

    /**
     * The consumer settings this embedder's guarantee rests on, over {@code base} (bootstrap
     * servers, security): a member of {@code group} that never commits by itself (an automatic
     * commit would cover records polled but not yet on the embeddings topic), starting a new group
     * at the beginning of the catalog.
     */
    public static Map<String, Object> consumerSettings(Map<String, ?> base, String group) {
        Map<String, Object> settings = new HashMap<>(base);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return settings;
    }

    /** What stopped the embedder (its pipeline failed), or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    /** Whether the loop still runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(sourceTopic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitAcknowledged(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (!stopping) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
                if (!polled.isEmpty()) {
                    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
                    polled.forEach(batch::add);
                    ingestor.submit(batch);
                }
                Throwable failed = ingestor.failure();
                if (failed != null) {
                    throw failed;
                }
                commitAcknowledged(consumer.assignment());
            }
        } catch (WakeupException e) {
            // close
        } catch (Throwable e) {
            if (!stopping) {
                failure = e;
                LOG.log(System.Logger.Level.ERROR, "the embedder stopped; the group's offsets stay at the last acknowledged chunk", e);
            }
        } finally {
            ingestor.close();
            if (failure == null) {
                commitQuietly();
            }
            consumer.close();
        }
    }

    /** Commits the acknowledged positions of {@code partitions} that moved since the last commit. */
    private void commitAcknowledged(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> acknowledged = ingestor.positions().asMap();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = acknowledged.get(partition);
            if (next != null && !next.equals(committedToGroup.get(partition))) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> committedToGroup.put(partition, offset.offset()));
        }
    }

    private void commitQuietly() {
        try {
            try {
                commitAcknowledged(consumer.assignment());
            } catch (WakeupException e) {
                // close's wakeup, which no poll took: the commit is still to be made
                commitAcknowledged(consumer.assignment());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the final commit to the consumer group failed; the last chunks will be published again", e);
        }
    }

    /** Stops consuming, lets the chunk being published finish, and commits what the broker acknowledged. */
    @Override
    public void close() {
        stopping = true;
        if (!thread.isAlive()) {
            return; // stopped by a failure, and closed its consumer
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
