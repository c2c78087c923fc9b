package io.camsearch.support;

import io.camsearch.local.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, its own JVM, from the Kafka jars on the test class path) and a fresh
 * index directory for the Quarkus application under test. {@code catalog-images} has two
 * partitions, so that per-partition offsets are exercised.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Where tests find the broker and the service's directories. */
    public static volatile String bootstrapServers;
    public static volatile Path indexDir;
    public static volatile Path fileRoot;

    /** camsearch.source.search-fetch-permits of the application under test. */
    public static final int SEARCH_FETCH_PERMITS = 2;

    /** camsearch.images.max-bytes of the application under test. */
    public static final long MAX_IMAGE_BYTES = 2 * 1024 * 1024;

    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("camsearch-test-");
            broker = KafkaBroker.start(root.resolve("kafka"), System.getProperty("java.class.path"), 0);
            // Not compacted like the local run's (CatalogPublisher.topic): the suite publishes events
            // without a key on purpose (they are dead letters), which a compacted topic refuses.
            broker.createTopics(List.of("catalog-images"), 2);
            broker.createTopics(List.of("catalog-images-dlq"), 1);
            bootstrapServers = broker.bootstrapServers();
            indexDir = root.resolve("index");
            fileRoot = Files.createDirectories(root.resolve("images"));
            return Map.of(
                    "kafka.bootstrap.servers", bootstrapServers,
                    "camsearch.index.path", indexDir.toString(),
                    "camsearch.source.file-root", fileRoot.toString(),
                    // The tests fetch from HTTP servers on 127.0.0.1, and search by URL.
                    "camsearch.source.allow-private-networks", "true",
                    "camsearch.source.search-urls", "true",
                    // Few, so that a test can fill them.
                    "camsearch.source.search-fetch-permits", Integer.toString(SEARCH_FETCH_PERMITS),
                    "camsearch.index.refresh-interval", "200ms",
                    // Room for a read-your-writes search to wait out ingestion on a loaded machine.
                    "camsearch.search.max-consistency-wait", "60s",
                    // Small enough that an oversized image can be published cheaply (the default is 20 MiB).
                    "camsearch.images.max-bytes", Long.toString(MAX_IMAGE_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("the test Kafka broker did not start", e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
