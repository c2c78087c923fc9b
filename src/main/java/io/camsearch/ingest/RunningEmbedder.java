package io.camsearch.ingest;

import io.camsearch.cam.SharedGradient;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The embedder role running: its consumer loop on the catalog topic ({@link CatalogEmbedder}) and
 * the producer its {@link EmbeddingsPublisher} publishes with, which outlives the loop. Wired here
 * once, from plain settings, for the service's embedder role and the local launcher alike.
 */
public final class RunningEmbedder implements AutoCloseable {

    private final String topic;
    private final boolean createdTopic;
    private final CatalogEmbedder loop;
    private final KafkaProducer<String, byte[]> producer;

    private RunningEmbedder(String topic, boolean createdTopic, CatalogEmbedder loop, KafkaProducer<String, byte[]> producer) {
        this.topic = topic;
        this.createdTopic = createdTopic;
        this.loop = loop;
        this.producer = producer;
    }

    /**
     * Creates {@code model}'s embeddings topic with {@code setup} unless it exists, and consumes
     * {@code sourceTopic} into the stages {@code stages} makes, ending in a publisher to that topic.
     *
     * @param clientSettings the admin's and the producer's settings (bootstrap servers, security)
     * @param consumerSettings made with {@link CatalogEmbedder#consumerSettings}
     * @param gradient the model's M, to store each item's explanation as the index does (null: the int8 basis)
     * @param publisherCapacity chunks the publisher may queue ({@link CatalogIngestor#applierCapacity})
     */
    public static RunningEmbedder start(Map<String, ?> clientSettings, Map<String, ?> consumerSettings, String sourceTopic, ModelIdentity model,
            SharedGradient gradient, EmbeddingsTopicSetup setup, DeadLetterSink deadLetters, int publisherCapacity, Function<ChangeApplier, CatalogIngestor> stages)
            throws IOException {
        String topic = EmbeddingsTopic.name(model);
        boolean created;
        try (Admin admin = Admin.create(new HashMap<>(clientSettings))) {
            created = setup.createIfMissing(admin, topic);
        }
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(EmbeddingsPublisher.producerSettings(clientSettings, setup.maxMessageBytes()),
                new StringSerializer(), new ByteArraySerializer());
        try {
            EmbeddingsPublisher publisher = new EmbeddingsPublisher(producer, model, gradient, deadLetters, Positions.NONE, publisherCapacity);
            return new RunningEmbedder(topic, created, CatalogEmbedder.start(consumerSettings, stages.apply(publisher), sourceTopic), producer);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** The embeddings topic it publishes to. */
    public String topic() {
        return topic;
    }

    /** Whether it created the embeddings topic (it did not exist). */
    public boolean createdTopic() {
        return createdTopic;
    }

    /** What stopped the embedder, or null while it runs. */
    public Throwable failure() {
        return loop.failure();
    }

    /** Whether the consumer loop still runs. */
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Stops the loop (which waits for the chunk being published and commits what was acknowledged), then the producer. */
    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            producer.close();
        }
    }
}
