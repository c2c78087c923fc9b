package io.camsearch.embeddings;

import io.camsearch.index.ItemId;
import io.camsearch.model.ModelIdentity;

/**
 * The name of a model's embeddings topic: {@code catalog-embeddings.<model id>} ({@link
 * ModelIdentity#id()}: name and weights hash prefix), so a second model (or the same network
 * retrained) writes its own topic beside the first, and searchers move over once theirs is built.
 */
public final class EmbeddingsTopic {

    public static final String PREFIX = "catalog-embeddings.";
    /** Kafka's limit on a topic name's length. */
    public static final int MAX_LENGTH = 249;

    private EmbeddingsTopic() {}

    /**
     * The topic for {@code model}; a name Kafka would refuse is an error naming the character or
     * the length, since a model name comes from a bundle's {@code model.json}.
     */
    public static String name(ModelIdentity model) {
        String topic = PREFIX + model.id();
        for (int i = PREFIX.length(); i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (!legal(c)) {
                throw new IllegalArgumentException("model name '" + printable(model.name()) + "' cannot be part of a Kafka topic name: it has "
                        + ItemId.describe(c) + " at position " + (i - PREFIX.length())
                        + "; topic names hold ASCII letters, digits, '.', '_' and '-' (rename the model, e.g. in its bundle's model.json)");
            }
        }
        if (topic.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("model name '" + printable(model.name()) + "' (" + model.name().length()
                    + " characters) makes the topic name " + topic.length() + " characters long; Kafka allows " + MAX_LENGTH
                    + ", so a model name may have at most " + (MAX_LENGTH - topic.length() + model.name().length()) + " characters");
        }
        return topic;
    }

    private static boolean legal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
    }

    /** A model name as a message may show it: at most 80 characters, control characters as '?'. */
    private static String printable(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
