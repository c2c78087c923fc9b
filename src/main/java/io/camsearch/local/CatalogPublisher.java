package io.camsearch.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camsearch.client.WriteToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes catalog events to {@code catalog-images} the way a catalog system would: key = item id. */
public final class CatalogPublisher implements AutoCloseable {

    public static final String TOPIC = "catalog-images";
    /** Where the service publishes the events it rejects (key and value as read, the reason in headers). */
    public static final String DEAD_LETTER_TOPIC = TOPIC + "-dlq";
    /**
     * How long the local run's {@code catalog-images} keeps a tombstone once compaction has removed
     * the item's earlier events ({@code delete.retention.ms}): a replay from the beginning that
     * met an item's upsert before that compaction must still meet its tombstone, so this bounds
     * how long a replay may take (Kafka's default is a day).
     */
    public static final Duration REPLAY_BOUND = Duration.ofDays(7);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final List<Sent> pending = new ArrayList<>();

    /**
     * {@code catalog-images} as the local run creates it: compacted, so that it keeps the latest
     * event of every item (key = item id; a tombstone removes the item's earlier events) for as
     * long as the item lives. A new model's embedder replays the topic from its beginning (a
     * reindex); a delete-policy topic would have lost every item older than its retention. A
     * compacted topic refuses events without a key, so its producers must key them by item id.
     */
    public static NewTopic topic(int partitions, short replication) {
        return new NewTopic(TOPIC, partitions, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(REPLAY_BOUND.toMillis())));
    }

    /**
     * The catalog's topics as the project creates them wherever it runs the system: {@link #topic}
     * and its dead-letter topic, one partition with the broker's default (delete) policy, as dead
     * letters may lack a key.
     */
    public static List<NewTopic> topics(int partitions, short replication) {
        return List.of(topic(partitions, replication), new NewTopic(DEAD_LETTER_TOPIC, 1, replication));
    }

    public CatalogPublisher(String bootstrapServers) {
        this(bootstrapServers, TOPIC);
    }

    public CatalogPublisher(String bootstrapServers, String topic) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /**
     * @param clientConfig Kafka client settings: bootstrap.servers, and those a secured broker needs
     *     (security.protocol, sasl.*, ssl.*)
     */
    public CatalogPublisher(Map<String, ?> clientConfig, String topic) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 5));
        config.putAll(clientConfig);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The JSON event for an image sent inline. */
    public static byte[] inlineEvent(String id, byte[] image, Map<String, ?> metadata) {
        ObjectNode event = JSON.createObjectNode().put("id", id);
        event.putObject("image").put("base64", Base64.getEncoder().encodeToString(image));
        event.set("metadata", JSON.valueToTree(metadata));
        return bytes(event);
    }

    /** The JSON event for an image behind a URL. */
    public static byte[] urlEvent(String id, String url, Map<String, ?> metadata) {
        ObjectNode event = JSON.createObjectNode().put("id", id);
        event.putObject("image").put("url", url);
        event.set("metadata", JSON.valueToTree(metadata));
        return bytes(event);
    }

    /** Sends a raw record (a null value is a tombstone); {@link #flush()} waits for it. */
    public void send(String key, byte[] value) {
        pending.add(new Sent(key, value == null, producer.send(new ProducerRecord<>(topic, key, value))));
    }

    private record Sent(String key, boolean tombstone, Future<RecordMetadata> acknowledged) {}

    public void upsert(String id, byte[] image, Map<String, ?> metadata) {
        send(id, inlineEvent(id, image, metadata));
    }

    public void delete(String id) {
        send(id, null);
    }

    /**
     * Waits until the broker has acknowledged every record sent so far, and returns their write
     * tokens in the order sent (a record without a key is no item's write and has none): a search
     * that carries them sees these writes (read your writes).
     */
    public List<WriteToken> flush() throws IOException {
        producer.flush();
        try {
            List<WriteToken> written = new ArrayList<>(pending.size());
            for (Sent sent : pending) {
                RecordMetadata landed = sent.acknowledged().get();
                if (sent.key() != null) {
                    written.add(new WriteToken(sent.key(), landed.partition(), landed.offset(), sent.tombstone()));
                }
            }
            return written;
        } catch (ExecutionException e) {
            throw new IOException("publishing to " + topic + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing", e);
        } finally {
            pending.clear();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            producer.close();
        }
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
