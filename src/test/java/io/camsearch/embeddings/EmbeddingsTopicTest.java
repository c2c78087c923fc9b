package io.camsearch.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.model.ModelIdentity;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class EmbeddingsTopicTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void theTopicIsNamedAfterTheModelAndItsWeights() {
        String topic = EmbeddingsTopic.name(new ModelIdentity("camsearch-demo", SHA, 128));
        assertEquals("catalog-embeddings.camsearch-demo.0123456789ab", topic);
        Topic.validate(topic); // Kafka's own rule agrees
    }

    @Test
    void aModelNameWithACharacterKafkaRefusesIsAnErrorNamingIt() {
        var space = assertThrows(IllegalArgumentException.class, () -> EmbeddingsTopic.name(new ModelIdentity("ResNet 50", SHA, 2048)));
        assertEquals("model name 'ResNet 50' cannot be part of a Kafka topic name: it has U+0020 at position 6; topic names hold ASCII letters, "
                + "digits, '.', '_' and '-' (rename the model, e.g. in its bundle's model.json)", space.getMessage());
        var accent = assertThrows(IllegalArgumentException.class, () -> EmbeddingsTopic.name(new ModelIdentity("café", SHA, 8)));
        assertEquals("model name 'café' cannot be part of a Kafka topic name: it has U+00E9 at position 3; topic names hold ASCII letters, "
                + "digits, '.', '_' and '-' (rename the model, e.g. in its bundle's model.json)", accent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingsTopic.name(new ModelIdentity("a/b", SHA, 8)));
    }

    @Test
    void theLongestModelNameMakesA249CharacterTopicAndOneMoreIsAnError() {
        int longest = 249 - "catalog-embeddings.".length() - ".0123456789ab".length();
        String topic = EmbeddingsTopic.name(new ModelIdentity("m".repeat(longest), SHA, 8));
        assertEquals(249, topic.length());
        Topic.validate(topic);
        var error = assertThrows(IllegalArgumentException.class, () -> EmbeddingsTopic.name(new ModelIdentity("m".repeat(longest + 1), SHA, 8)));
        assertEquals("model name '" + "m".repeat(80) + "...' (" + (longest + 1) + " characters) makes the topic name 250 characters long; "
                + "Kafka allows 249, so a model name may have at most " + longest + " characters", error.getMessage());
    }
}
