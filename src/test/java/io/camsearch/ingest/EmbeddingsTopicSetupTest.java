package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.local.KafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsTopicSetupTest {

    private static final EmbeddingsTopicSetup SETUP = new EmbeddingsTopicSetup(3, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES);

    @Test
    void aMissingTopicIsCreatedCompactedWithItsSettingsAnExistingOneIsKeptAndADeletePolicyOneRefused(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, System.getProperty("java.class.path"), 0); Admin admin = broker.admin()) {
            assertTrue(SETUP.createIfMissing(admin, "catalog-embeddings.m-1"));
            assertFalse(SETUP.createIfMissing(admin, "catalog-embeddings.m-1"));

            TopicDescription description = admin.describeTopics(List.of("catalog-embeddings.m-1")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("catalog-embeddings.m-1");
            assertEquals(3, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "catalog-embeddings.m-1");
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals("compact", config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals("1", config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
            assertEquals(Integer.toString(EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES), config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            assertEquals("604800000", config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value(), "a week by default");

            admin.createTopics(List.of(new NewTopic("catalog-embeddings.m-2", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            IOException refused = assertThrows(IOException.class, () -> SETUP.createIfMissing(admin, "catalog-embeddings.m-2"));
            assertEquals("the embeddings topic catalog-embeddings.m-2 exists with cleanup.policy=delete; it must be compact,"
                    + " or a rebuilding searcher misses the items whose records were deleted", refused.getMessage());
        }
    }

    @Test
    void settingsThatCannotHoldTheTopicAreRefusedByName() {
        assertEquals("an embeddings topic needs 1 <= min.insync.replicas <= replication factor, got 3 and 2",
                assertThrows(IllegalArgumentException.class, () -> new EmbeddingsTopicSetup(1, (short) 2, 3, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES))
                        .getMessage());
        assertEquals("an embeddings topic's max.message.bytes of 50000 is below 262144, too small for the envelopes of the demo model (about 37 KB each)",
                assertThrows(IllegalArgumentException.class, () -> new EmbeddingsTopicSetup(1, (short) 1, 1, 50_000)).getMessage());
        assertEquals("an embeddings topic needs at least 1 partition, got 0",
                assertThrows(IllegalArgumentException.class, () -> new EmbeddingsTopicSetup(0, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES))
                        .getMessage());
        assertEquals("an embeddings topic's delete.retention.ms must be > 0, got 0: a searcher that is rebuilding or behind would miss deletes",
                assertThrows(IllegalArgumentException.class, () -> new EmbeddingsTopicSetup(1, (short) 1, 1, EmbeddingsTopicSetup.DEFAULT_MESSAGE_BYTES,
                        Duration.ZERO)).getMessage());
        assertEquals(Map.of("cleanup.policy", "compact", "min.insync.replicas", "1", "max.message.bytes", "1048576",
                "delete.retention.ms", "604800000"), SETUP.configs());
    }
}
