package io.camsearch.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code model.json}, the descriptor of a TorchScript bundle written by {@code
 * src/main/python/export_bundle.py}.
 */
final class BundleManifest {

    static final String FILE_NAME = "model.json";
    static final String FORMAT = "camsearch-bundle/1";

    private BundleManifest() {}

    static ModelDescriptor read(Path bundleDir) throws IOException {
        Path file = bundleDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("bundle " + bundleDir + " has no " + FILE_NAME
                    + "; export one with src/main/python/export_bundle.py");
        }
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        String format = json.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(file + ": format is '" + format + "', expected '" + FORMAT + "'");
        }
        try {
            return new ModelDescriptor(
                    json.path("name").asText(bundleDir.getFileName().toString()),
                    requiredInt(json, "inputWidth", file),
                    requiredInt(json, "inputHeight", file),
                    floats(json, "mean", file),
                    floats(json, "std", file),
                    requiredInt(json, "embeddingDim", file),
                    requiredInt(json, "channels", file),
                    requiredInt(json, "featureHeight", file),
                    requiredInt(json, "featureWidth", file),
                    HeadKind.fromJsonName(json.path("head").asText("")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode json, String field, Path file) {
        JsonNode node = json.get(field);
        if (node == null || !node.isInt()) {
            throw new IllegalArgumentException(file + ": '" + field + "' must be an integer, got " + node);
        }
        return node.intValue();
    }

    private static float[] floats(JsonNode json, String field, Path file) {
        JsonNode node = json.get(field);
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(file + ": '" + field + "' must be an array of numbers, got " + node);
        }
        float[] values = new float[node.size()];
        for (int i = 0; i < values.length; i++) {
            if (!node.get(i).isNumber()) {
                throw new IllegalArgumentException(file + ": '" + field + "' must hold numbers, got " + node);
            }
            values[i] = node.get(i).floatValue();
        }
        return values;
    }
}
