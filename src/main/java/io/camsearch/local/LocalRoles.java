package io.camsearch.local;

import io.camsearch.cam.SharedGradient;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.ingest.CatalogEmbedder;
import io.camsearch.ingest.CatalogIngestor;
import io.camsearch.ingest.ChangeApplier;
import io.camsearch.ingest.DeadLetterSink;
import io.camsearch.ingest.EmbeddingsPublisher;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.ingest.Positions;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingestion paths of issue 12 in this JVM against a local broker, with plain Kafka clients, for
 * callers that must not touch Kafka themselves (the benchmarks): the one-process path (a consumer of
 * {@code catalog-images} handing each poll to the stages that end in the index) and the embedder
 * role (the same stages ending in an {@link EmbeddingsPublisher}). The searcher role needs no Kafka
 * type from its caller: {@link io.camsearch.ingest.EmbeddingsTopicReader#start} takes plain settings.
 *
 * <p>Both consume with {@link CatalogEmbedder}'s loop (poll, submit, commit what the last stage
 * made count): the service's one-process path takes its polls from a SmallRye channel instead, and
 * hands them to the same {@link CatalogIngestor} the same way, a whole polled batch at a time.
 */
public final class LocalRoles {

    private LocalRoles() {}

    /**
     * A member of {@code group} consuming {@code sourceTopic} from its beginning into {@code
     * ingestor}; closing it closes the ingestor and its consumer.
     */
    public static CatalogEmbedder consume(String bootstrapServers, String group, String sourceTopic, CatalogIngestor ingestor) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(CatalogEmbedder.consumerSettings(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), group), new StringDeserializer(), new ByteArrayDeserializer());
        return new CatalogEmbedder(consumer, ingestor, sourceTopic);
    }

    /** Creates {@code topic} with {@code setup} unless it exists (see {@link EmbeddingsTopicSetup#createIfMissing}). */
    public static void createEmbeddingsTopic(String bootstrapServers, String topic, EmbeddingsTopicSetup setup) throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            setup.createIfMissing(admin, topic);
        }
    }

    /**
     * The embedder role: creates {@code model}'s embeddings topic with {@code setup} unless it exists,
     * and consumes {@code sourceTopic} as a member of {@code group} into the stages {@code stages}
     * makes, ending in a publisher to that topic.
     */
    public static Embedder embedder(String bootstrapServers, String group, String sourceTopic, ModelIdentity model, SharedGradient gradient,
            EmbeddingsTopicSetup setup, DeadLetterSink deadLetters, int publisherCapacity, Function<ChangeApplier, CatalogIngestor> stages) throws IOException {
        createEmbeddingsTopic(bootstrapServers, EmbeddingsTopic.name(model), setup);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                EmbeddingsPublisher.producerSettings(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), setup.maxMessageBytes()),
                new StringSerializer(), new ByteArraySerializer());
        try {
            EmbeddingsPublisher publisher = new EmbeddingsPublisher(producer, model, gradient, deadLetters, Positions.NONE, publisherCapacity);
            return new Embedder(consume(bootstrapServers, group, sourceTopic, stages.apply(publisher)), producer);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** A running embedder: its consumer loop, and the producer it publishes with, which outlives the loop. */
    public static final class Embedder implements AutoCloseable {

        private final CatalogEmbedder loop;
        private final KafkaProducer<String, byte[]> producer;

        private Embedder(CatalogEmbedder loop, KafkaProducer<String, byte[]> producer) {
            this.loop = loop;
            this.producer = producer;
        }

        /** What stopped the embedder, or null while it runs. */
        public Throwable failure() {
            return loop.failure();
        }

        /** Stops the loop (which waits for the chunk being published) and then the producer. */
        @Override
        public void close() {
            try {
                loop.close();
            } finally {
                producer.close();
            }
        }
    }
}
