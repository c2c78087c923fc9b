package io.camsearch.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The application with its two messaging channels on SmallRye's in-memory connector instead of
 * Kafka, and a fresh index directory of its own. No channel then talks to a broker; the suite's
 * {@link io.camsearch.support.KafkaTestResource} is declared unrestricted elsewhere, so Quarkus
 * still starts its broker for this application too, and nothing here uses it.
 */
public class InMemoryChannelsResource implements QuarkusTestResourceLifecycleManager {

    static final String CATALOG_IMAGES = "catalog-images";
    static final String DEAD_LETTERS = "catalog-images-dlq";

    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("camsearch-in-memory-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(CATALOG_IMAGES));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(DEAD_LETTERS));
        config.put("camsearch.index.path", root.resolve("index").toString());
        config.put("camsearch.index.refresh-interval", "200ms");
        return config;
    }

    /** After the suite-wide broker resource, so that this index directory is the one the application gets. */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
