package io.camsearch.local;

import io.camsearch.cam.SharedGradient;
import io.camsearch.ingest.CatalogEmbedder;
import io.camsearch.ingest.CatalogIngestor;
import io.camsearch.ingest.ChangeApplier;
import io.camsearch.ingest.DeadLetterSink;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.ingest.RunningEmbedder;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * The ingestion paths of issue 12 in this JVM against a local broker, with plain Kafka clients, for
 * callers that must not touch Kafka themselves (the benchmarks): the one-process path (a consumer of
 * {@code catalog-images} handing each poll to the stages that end in the index) and the embedder
 * role (the same stages ending in an {@link io.camsearch.ingest.EmbeddingsPublisher}, wired by
 * {@link RunningEmbedder}). The searcher role needs no Kafka type from its caller: {@link io.camsearch.ingest.EmbeddingsTopicReader#start} takes plain settings.
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
        return CatalogEmbedder.start(consumerSettings(bootstrapServers, group), ingestor, sourceTopic);
    }

    /** Creates {@code topic} with {@code setup} unless it exists (see {@link EmbeddingsTopicSetup#createIfMissing}). */
    public static void createEmbeddingsTopic(String bootstrapServers, String topic, EmbeddingsTopicSetup setup) throws IOException {
        try (Admin admin = Admin.create(client(bootstrapServers))) {
            setup.createIfMissing(admin, topic);
        }
    }

    /**
     * The embedder role: creates {@code model}'s embeddings topic with {@code setup} unless it exists,
     * and consumes {@code sourceTopic} as a member of {@code group} into the stages {@code stages}
     * makes, ending in a publisher to that topic.
     */
    public static RunningEmbedder embedder(String bootstrapServers, String group, String sourceTopic, ModelIdentity model,
            SharedGradient gradient, EmbeddingsTopicSetup setup, DeadLetterSink deadLetters, int publisherCapacity, Function<ChangeApplier, CatalogIngestor> stages)
            throws IOException {
        return RunningEmbedder.start(client(bootstrapServers), consumerSettings(bootstrapServers, group), sourceTopic, model, gradient, setup, deadLetters,
                publisherCapacity, stages);
    }

    private static Map<String, Object> consumerSettings(String bootstrapServers, String group) {
        return CatalogEmbedder.consumerSettings(client(bootstrapServers), group);
    }

    private static Map<String, Object> client(String bootstrapServers) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
}
