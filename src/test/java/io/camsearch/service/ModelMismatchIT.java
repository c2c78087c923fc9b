package io.camsearch.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.CatalogIndex;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service never mixes the vectors of two models: started on an index that another
 * model wrote (another name, other weights, another embedding size), it stops at start-up with an
 * error that says what differs and what to do, instead of adding its own vectors beside the others.
 */
class ModelMismatchIT {

    private static final Path RUN_JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.start(dir.resolve("kafka"), System.getProperty("java.class.path"), 0);
        broker.createTopics(List.of("catalog-images"), 2);
        broker.createTopics(List.of("catalog-images-dlq"), 1);
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
