package io.camsearch.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates a model's embeddings topic when it is missing: compacted (the topic is the catalog's
 * state, one record per item; a delete-policy topic would lose items a fresh searcher needs), with
 * the given partitions, replication, {@code min.insync.replicas} and {@code delete.retention.ms},
 * and a {@code max.message.bytes} that holds an envelope. A topic that exists is kept as it is, but one that is not compacted is
 * refused.
 *
 * @param deleteRetention the topic's {@code delete.retention.ms}: how long a tombstone outlives the
 *     records of its item that compaction removed. A searcher that misses a tombstone keeps the
 *     deleted item for good, and it misses it when a rebuild read the item before compaction and
 *     reaches the tombstone after it was removed, or when its index stopped before the tombstone
 *     and resumes after (compaction does not move the log's start, so its offsets are still in
 *     range): so it must exceed the longest rebuild and the longest a searcher's index stays behind
 * @param maxMessageBytes the largest record the topic takes: at least {@link #MIN_MESSAGE_BYTES};
 *     the producer's {@code max.request.size} should not exceed it (an envelope between the two is
 *     refused by the broker and becomes a dead letter), and the producer's {@code batch.size} must
 *     not (the producer splits a refused batch by that size: above the topic's limit it would
 *     split the same batch forever)
 */
public record EmbeddingsTopicSetup(int partitions, short replication, int minInsyncReplicas, int maxMessageBytes, Duration deleteRetention) {

    /** A week: far above a rebuild, and above how long a searcher's index (on an emptyDir) stays behind; costs only the tombstones. */
    public static final Duration DEFAULT_DELETE_RETENTION = Duration.ofDays(7);

    /** The demo model's envelopes are about 37 KB with their thumbnail (20 KB fixed, mostly the int8 basis, and a 128-px PNG); a topic must take a few times that. */
    public static final int MIN_MESSAGE_BYTES = 256 * 1024;
    /** The default: 1 MiB, Kafka's own default for a broker's message.max.bytes, room for 20 demo envelopes. */
    public static final int DEFAULT_MESSAGE_BYTES = 1024 * 1024;
    private static final long TIMEOUT_SECONDS = 30;

    public EmbeddingsTopicSetup {
        if (partitions < 1) {
            throw new IllegalArgumentException("an embeddings topic needs at least 1 partition, got " + partitions);
        }
        if (replication < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replication) {
            throw new IllegalArgumentException("an embeddings topic needs 1 <= min.insync.replicas <= replication factor, got "
                    + minInsyncReplicas + " and " + replication);
        }
        if (deleteRetention.isNegative() || deleteRetention.isZero()) {
            throw new IllegalArgumentException("an embeddings topic's delete.retention.ms must be > 0, got " + deleteRetention.toMillis()
                    + ": a searcher that is rebuilding or behind would miss deletes");
        }
        if (maxMessageBytes < MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException("an embeddings topic's max.message.bytes of " + maxMessageBytes + " is below "
                    + MIN_MESSAGE_BYTES + ", too small for the envelopes of the demo model (about 37 KB each)");
        }
    }

    /** With the {@link #DEFAULT_DELETE_RETENTION}. */
    public EmbeddingsTopicSetup(int partitions, short replication, int minInsyncReplicas, int maxMessageBytes) {
        this(partitions, replication, minInsyncReplicas, maxMessageBytes, DEFAULT_DELETE_RETENTION);
    }

    /** The topic's settings as created. */
    public Map<String, String> configs() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes),
                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(deleteRetention.toMillis()));
    }

    /**
     * Creates {@code topic} unless it exists.
     *
     * @return whether it was created
     * @throws IOException naming the topic when the broker refuses or does not answer, or when the
     *     topic exists without {@code cleanup.policy=compact}
     */
    public boolean createIfMissing(Admin admin, String topic) throws IOException {
        try {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(configs()))).all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("creating the embeddings topic " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            Config config = existingConfig(admin, topic);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!List.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IOException("the embeddings topic " + topic + " exists with cleanup.policy=" + policy
                        + "; it must be compact, or a rebuilding searcher misses the items whose records were deleted");
            }
            return false;
        } catch (ExecutionException e) {
            throw new IOException("reading the settings of the embeddings topic " + topic + " failed: " + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the embeddings topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not answer within " + TIMEOUT_SECONDS + " s while creating the embeddings topic " + topic, e);
        }
    }

    /**
     * The settings of a topic the broker just said exists. Another embedder may have created it a
     * moment ago, and the broker that answers may not know it yet (its metadata follows the
     * controller's), so "unknown topic" is asked again for a while before it counts.
     */
    private static Config existingConfig(Admin admin, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(METADATA_RETRY_MILLIS);
            }
        }
    }

    private static final long METADATA_RETRY_MILLIS = 200;

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? "the broker gave no reason" : message;
    }
}
