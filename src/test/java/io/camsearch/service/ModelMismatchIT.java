package io.camsearch.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import io.camsearch.ingest.EmbeddingsTopicSetup;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.Models;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.support.ServiceHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service never mixes the vectors of two models, in one process (both roles) and as a
 * searcher: started on an index that another model wrote (another name, other weights, another
 * embedding size), it stops at start-up with an error that says what differs and what to do,
 * instead of adding its own vectors beside the others; a searcher whose topic holds a record of
 * another model stops reading there, and its liveness says where.
 */
class ModelMismatchIT {

    private static final Path RUN_JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.start(dir.resolve("kafka"), System.getProperty("java.class.path"), 0);
        broker.createTopics(CatalogPublisher.topics(2, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theOneProcessServiceRefusesAnIndexOfTheSameModelNameWithOtherWeights() throws IOException {
        // The demo model's name and size, but not its weights.
        ModelIdentity retrained = new ModelIdentity("camsearch-demo", "ab".repeat(32), 128);
        String log = refusedStart("retrained", retrained, Map.of());
        assertTrue(log.contains("holds vectors of model 'camsearch-demo' (weights sha256 abababababab..., embedding size 128)"), log);
        assertTrue(log.contains("(weights differ)"), log);
        assertTrue(log.contains("camsearch.index.path"), "the error says what to change: " + log);
    }

    @Test
    void theOneProcessServiceRefusesAnIndexOfAnotherEmbeddingSize() throws IOException {
        ModelIdentity wider = new ModelIdentity("resnet50", "cd".repeat(32), 2048);
        String log = refusedStart("wider", wider, Map.of());
        assertTrue(log.contains("holds vectors of model 'resnet50'"), log);
        assertTrue(log.contains("(name, weights, embedding size differ)"), log);
    }

    @Test
    void aSearcherRefusesAnIndexOfAnotherModelAtStart() throws IOException {
        ModelIdentity retrained = new ModelIdentity("camsearch-demo", "ef".repeat(32), 128);
        String log = refusedStart("searcher", retrained, Map.of("camsearch.roles", "searcher"));
        assertTrue(log.contains("holds vectors of model 'camsearch-demo' (weights sha256 efefefefefef..., embedding size 128)"), log);
        assertTrue(log.contains("(weights differ)"), log);
    }

    @Test
    void aSearcherStopsAtARecordOfAnotherModelInItsTopicAndItsLivenessSaysWhere() throws Exception {
        ModelIdentity demo = ModelIdentity.of(DemoNetwork.descriptor(HeadKind.GAP_LINEAR), Models.weightsSha256(Models.DEMO));
        ModelIdentity other = new ModelIdentity("other", "12".repeat(32), 4);
        String topic = EmbeddingsTopic.name(demo);
        try (Admin admin = broker.admin();
                var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            new EmbeddingsTopicSetup(1, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES).createIfMissing(admin, topic);
            CatalogItem item = new CatalogItem("foreign", new float[] {1f, 0f, 0f, 0f}, null, Map.of());
            producer.send(new ProducerRecord<>(topic, "foreign", EnvelopeCodec.encode(new EmbeddingEnvelope(other, new SourceVersion(0, 0), item))))
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "camsearch.index.path", dir.resolve("topic-index").toString(),
                "camsearch.roles", "searcher");
        try (ServiceProcess service = ServiceProcess.start(RUN_JAR, KafkaBroker.freePort(), KafkaBroker.freePort(), config,
                dir.resolve("topic.log"), "1g")) {
            ServiceHttp http = new ServiceHttp(service, Duration.ofSeconds(30));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> http.health("live").status() == 503);
            String live = http.health("live").body().toString();
            assertTrue(live.contains("the record at topic " + topic + ", partition 0, offset 0 holds vectors of model 'other'"), live);
            assertEquals(503, http.health("ready").status(), "a searcher that stopped before it caught up is not ready");
        }
    }

    /** Starts the service on an index that {@code written} claimed, expects it to exit, and returns its log. */
    private static String refusedStart(String name, ModelIdentity written, Map<String, String> extraConfig) throws IOException {
        Path index = dir.resolve(name + "-index");
        Files.createDirectories(index);
        try (CatalogIndex claimed = CatalogIndex.open(index, 1000)) {
            claimed.commit(written.asProperties());
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "camsearch.index.path", index.toString()));
        config.putAll(extraConfig);
        Path log = dir.resolve(name + ".log");
        try (ServiceProcess service = ServiceProcess.start(RUN_JAR, KafkaBroker.freePort(), KafkaBroker.freePort(), config, log, "1g")) {
            IOException refused = assertThrows(IOException.class, () -> service.awaitReady(Duration.ofMinutes(3)),
                    "the service became ready on an index of " + written);
            assertTrue(refused.getMessage().contains("exited with"), refused.getMessage());
            assertFalse(service.process().isAlive());
        }
        return Files.readString(log);
    }
}
