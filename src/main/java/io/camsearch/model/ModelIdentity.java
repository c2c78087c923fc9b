package io.camsearch.model;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which model made a set of vectors: its name, the SHA-256 of its weights ({@link
 * Models#weightsSha256}) and its embedding size. Vectors of two models live in different spaces,
 * so nearest neighbours across them mean nothing; a searcher compares the identity of what it
 * reads (an envelope, an index) with its own and refuses a difference ({@link #requireSame}).
 *
 * <p>The weights hash is part of the identity, not just the name: retraining keeps a network's
 * name (the demo model is always {@code camsearch-demo}) but moves its space.
 *
 * @param name the model's name ({@link ModelDescriptor#name()})
 * @param weightsSha256 64 lowercase hex digits
 * @param embeddingDim d, the length of its embeddings
 */
public record ModelIdentity(String name, String weightsSha256, int embeddingDim) {

    /** The keys of {@link #asProperties()}: in an index's commit data, beside its offsets. */
    public static final String NAME_KEY = "model.name";
    public static final String WEIGHTS_KEY = "model.weights-sha256";
    public static final String EMBEDDING_DIM_KEY = "model.embedding-dim";

    /** Hex digits of the weights hash in {@link #id()}: 48 bits, enough to tell a handful of a catalog's models apart. */
    static final int ID_HASH_DIGITS = 12;

    public ModelIdentity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model identity needs a non-blank model name");
        }
        if (weightsSha256 == null || !weightsSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the weights hash of model '" + name + "' must be 64 lowercase hex digits (SHA-256), got "
                    + (weightsSha256 == null ? "none" : weightsSha256.length() + " characters"));
        }
        if (embeddingDim <= 0) {
            throw new IllegalArgumentException("the embedding size of model '" + name + "' must be > 0, got " + embeddingDim);
        }
    }

    public static ModelIdentity of(ModelDescriptor descriptor, String weightsSha256) {
        return new ModelIdentity(descriptor.name(), weightsSha256, descriptor.embeddingDim());
    }

    /** The identity with the weights hash as 32 raw bytes (how an envelope carries it). */
    public static ModelIdentity of(String name, byte[] weightsSha256, int embeddingDim) {
        if (weightsSha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 weights hash has 32 bytes, got " + weightsSha256.length);
        }
        return new ModelIdentity(name, HexFormat.of().formatHex(weightsSha256), embeddingDim);
    }

    /** The weights hash as 32 raw bytes. */
    public byte[] weightsSha256Bytes() {
        return HexFormat.of().parseHex(weightsSha256);
    }

    /** {@code <name>.<first 12 hex digits of the weights hash>}: names the model's embeddings topic. */
    public String id() {
        return name + "." + weightsSha256.substring(0, ID_HASH_DIGITS);
    }

    /** The identity as string properties, for what stores strings (a Lucene commit's user data). */
    public Map<String, String> asProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(NAME_KEY, name);
        properties.put(WEIGHTS_KEY, weightsSha256);
        properties.put(EMBEDDING_DIM_KEY, Integer.toString(embeddingDim));
        return properties;
    }

    /**
     * The identity {@link #asProperties()} wrote into {@code properties}, or empty when none of
     * its keys is there (written before identities were stored); some keys without the others, or
     * a value that is no identity's, is an error naming the key.
     *
     * @param where what the properties belong to, for the message (an index directory)
     */
    public static Optional<ModelIdentity> fromProperties(Map<String, String> properties, String where) {
        List<String> keys = List.of(NAME_KEY, WEIGHTS_KEY, EMBEDDING_DIM_KEY);
        List<String> missing = keys.stream().filter(key -> !properties.containsKey(key)).toList();
        if (missing.size() == keys.size()) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + " names its model incompletely: " + String.join(", ", missing) + " missing");
        }
        int dim;
        try {
            dim = Integer.parseInt(properties.get(EMBEDDING_DIM_KEY));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + EMBEDDING_DIM_KEY + " is not an integer", e);
        }
        try {
            return Optional.of(new ModelIdentity(properties.get(NAME_KEY), properties.get(WEIGHTS_KEY), dim));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** What differs between this identity and {@code other}, in words, or empty when they are the same model. */
    public Optional<String> difference(ModelIdentity other) {
        List<String> differences = new ArrayList<>();
        if (!name.equals(other.name)) {
            differences.add("name");
        }
        if (!weightsSha256.equals(other.weightsSha256)) {
            differences.add("weights");
        }
        if (embeddingDim != other.embeddingDim) {
            differences.add("embedding size");
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", differences));
    }

    /**
     * Throws unless {@code found} is this model: the vectors of another model would be mixed with
     * this one's (and, with another embedding size, could not even be searched).
     *
     * @param where what holds {@code found}, as a reader locates it (an index directory; a topic, partition and offset)
     */
    public void requireSame(ModelIdentity found, String where) {
        Optional<String> difference = difference(found);
        if (difference.isPresent()) {
            throw new ModelMismatchException(where + " holds vectors of model " + found.describe() + ", but this searcher runs model "
                    + describe() + " (" + difference.get() + " differ). Vectors of two models cannot share an index: "
                    + "give each model its own embeddings topic and index directory, or run the model that wrote them");
        }
    }

    /** The identity as a reader compares it: name, a hash prefix, embedding size. */
    public String describe() {
        return "'" + name + "' (weights sha256 " + weightsSha256.substring(0, ID_HASH_DIGITS) + "..., embedding size " + embeddingDim + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
