package io.camsearch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.index.ItemId;
import io.camsearch.source.ImageSource;
import io.camsearch.source.SourceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one record of {@code catalog-images}: key = item id, value = JSON
 * {@code {"id": ..., "image": {"url": ...} | {"base64": ...}, "metadata": {...}}}, or a null value
 * (a tombstone) to delete the item. The id, of an upsert or a tombstone, follows {@link ItemId}. Every way a record can be wrong has its own {@link
 * RejectReason} and a message that says what to fix.
 */
public final class CatalogEventParser {

    /** Longest item id accepted ({@link ItemId} holds the whole rule). */
    public static final int MAX_ID_LENGTH = ItemId.MAX_LENGTH;
    /** Most metadata keys per item. */
    public static final int MAX_METADATA_KEYS = 64;
    /** Longest metadata string value. */
    public static final int MAX_METADATA_VALUE_LENGTH = 1024;
    /** Metadata keys are simple names, so that every key can be written in a search filter. */
    public static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param key the record key (the item id), may be null when the JSON carries the id
     * @param value the record value, null for a tombstone
     */
    public CatalogEvent parse(String key, byte[] value) throws EventRejectedException {
        if (value == null) {
            if (key == null || key.isBlank()) {
                throw new EventRejectedException(RejectReason.MISSING_ID, "a tombstone (null value) needs the item id as its key");
            }
            return new CatalogEvent.Delete(checkId(key));
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new EventRejectedException(RejectReason.MALFORMED_JSON, "the value is not JSON: " + firstLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new EventRejectedException(RejectReason.MALFORMED_JSON, "the value must be a JSON object {id, image, metadata}, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        String id = id(key, root.get("id"));
        return new CatalogEvent.Upsert(id, image(root.get("image")), metadata(root.get("metadata")));
    }

    private static String id(String key, JsonNode idNode) throws EventRejectedException {
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            throw new EventRejectedException(RejectReason.MISSING_ID, "\"id\" must be a string, got " + idNode.getNodeType().toString().toLowerCase());
        }
        String jsonId = idNode == null || idNode.isNull() ? null : idNode.asText();
        if (jsonId == null && key == null) {
            throw new EventRejectedException(RejectReason.MISSING_ID, "the event has neither a record key nor an \"id\"");
        }
        if (jsonId != null && key != null && !jsonId.equals(key)) {
            throw new EventRejectedException(RejectReason.ID_MISMATCH, "the record key '" + abbreviate(key)
                    + "' and the event's \"id\" '" + abbreviate(jsonId) + "' differ; the key must be the item id");
        }
        return checkId(jsonId != null ? jsonId : key);
    }

    private static String checkId(String id) throws EventRejectedException {
        if (id.isBlank()) {
            throw new EventRejectedException(RejectReason.MISSING_ID, "the item id is blank");
        }
        var problem = ItemId.problem(id);
        if (problem.isPresent()) {
            throw new EventRejectedException(RejectReason.BAD_ID, problem.get());
        }
        return id;
    }

    private static ImageSource image(JsonNode image) throws EventRejectedException {
        if (image == null || !image.isObject()) {
            throw new EventRejectedException(RejectReason.MISSING_IMAGE, "the event needs \"image\": {\"url\": ...} or {\"base64\": ...}");
        }
        JsonNode url = image.get("url");
        JsonNode base64 = image.get("base64");
        if (url != null && !url.isNull() && !url.isTextual()) {
            throw new EventRejectedException(RejectReason.MISSING_IMAGE, "\"image.url\" must be a string");
        }
        if (base64 != null && !base64.isNull() && !base64.isTextual()) {
            throw new EventRejectedException(RejectReason.BAD_BASE64, "\"image.base64\" must be a string");
        }
        try {
            return ImageSource.of(url == null || url.isNull() ? null : url.asText(), base64 == null || base64.isNull() ? null : base64.asText());
        } catch (SourceException e) {
            throw EventRejectedException.of(e);
        }
    }

    private static Map<String, Object> metadata(JsonNode metadata) throws EventRejectedException {
        if (metadata == null || metadata.isNull()) {
            return Map.of();
        }
        if (!metadata.isObject()) {
            throw new EventRejectedException(RejectReason.BAD_METADATA, "\"metadata\" must be an object of string and number values");
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw new EventRejectedException(RejectReason.BAD_METADATA, "\"metadata\" has " + metadata.size() + " keys; at most " + MAX_METADATA_KEYS + " are allowed");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (var field : metadata.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!METADATA_KEY.matcher(key).matches()) {
                throw new EventRejectedException(RejectReason.BAD_METADATA, "metadata key '" + abbreviate(key)
                        + "' must be 1-128 characters of letters, digits, '_', '.' or '-'");
            }
            if (value.isTextual()) {
                if (value.asText().length() > MAX_METADATA_VALUE_LENGTH) {
                    throw new EventRejectedException(RejectReason.BAD_METADATA, "metadata '" + key + "' has " + value.asText().length()
                            + " characters; at most " + MAX_METADATA_VALUE_LENGTH + " are allowed");
                }
                values.put(key, value.asText());
            } else if (value.isNumber()) {
                if (!Double.isFinite(value.asDouble())) {
                    throw new EventRejectedException(RejectReason.BAD_METADATA, "metadata '" + key + "' is not a finite number");
                }
                values.put(key, value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.asLong() : (Object) value.asDouble());
            } else {
                throw new EventRejectedException(RejectReason.BAD_METADATA, "metadata '" + key + "' is " + article(value)
                        + "; only strings and numbers can be stored and filtered (send a boolean as \"true\"/\"false\")");
            }
        }
        return values;
    }

    private static String article(JsonNode value) {
        String type = value.getNodeType().toString().toLowerCase();
        return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
