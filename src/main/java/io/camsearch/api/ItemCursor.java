package io.camsearch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camsearch.index.ItemId;
import io.camsearch.index.MetadataFilter;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a walk over {@code GET /items} stands: the last id it returned, and a digest of the filter
 * it walks. Opaque to clients (base64url of a versioned JSON object) so that its content may
 * change; not secret and not signed, since it lets a client ask only what the query parameters let
 * it ask. Each page repeats the walk's filter (as Elasticsearch's search_after repeats the query);
 * the digest, not the filter, travels in the cursor, so that a cursor stays short however long the
 * filter, and a page cannot silently walk another filter than the walk's.
 */
record ItemCursor(String after, String filterDigest) {

    /** Longer than any cursor this service writes (a 512-character id and a digest). */
    static final int MAX_LENGTH = 1024;
    static final String CODE = "BAD_CURSOR";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    static ItemCursor after(String id, MetadataFilter filter) {
        return new ItemCursor(id, digest(filter));
    }

    /** {@code {"v": 1, "after": id, "filter": digest}}, as a JSON tree: no class to bind, nothing to register for a native image. */
    String encode() {
        ObjectNode json = JSON.createObjectNode().put("v", VERSION).put("after", after).put("filter", filterDigest);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is always JSON", e);
        }
    }

    /** The cursor a client sent back; anything that is not one this service wrote is a 400 BAD_CURSOR. */
    static ItemCursor decode(String text) {
        if (text.length() > MAX_LENGTH) {
            throw bad("it has " + text.length() + " characters, more than any cursor this service writes (" + MAX_LENGTH + ")");
        }
        JsonNode json;
        try {
            json = JSON.readTree(Base64.getUrlDecoder().decode(text.strip()));
        } catch (IllegalArgumentException | IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw bad("it is not a cursor this service wrote (not base64url of its JSON)");
        }
        if (!json.path("v").isInt() || json.get("v").intValue() != VERSION) {
            throw bad("its version is " + (json.path("v").isInt() ? json.get("v").intValue() : "missing") + "; this service reads version "
                    + VERSION);
        }
        String id = json.path("after").isTextual() ? json.get("after").textValue() : null;
        ItemId.problem(id).ifPresent(problem -> {
            throw bad("the id it holds is not valid: " + problem);
        });
        if (!json.path("filter").isTextual()) {
            throw bad("it holds no filter digest");
        }
        return new ItemCursor(id, json.get("filter").textValue());
    }

    /** The request's filter, which must be the walk's. */
    MetadataFilter check(MetadataFilter requested) {
        if (!digest(requested).equals(filterDigest)) {
            throw bad("it walks another filter than " + (requested.isEmpty() ? "none" : "the one sent")
                    + "; send each page the filter of the walk's first page, or start a new walk without a cursor");
        }
        return requested;
    }

    /** The filter in a canonical order (keys and values sorted), hashed: equal filters, however written, have equal digests. */
    static String digest(MetadataFilter filter) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(filter.terms()).forEach((key, values) -> canonical.append("t:").append(key.length()).append(':').append(key)
                .append(new TreeSet<>(values).stream().map(v -> v.length() + ":" + v).toList()).append('\n'));
        new TreeMap<>(filter.ranges()).forEach((key, range) -> canonical.append("r:").append(key.length()).append(':').append(key)
                .append(range.min()).append("..").append(range.max()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static BadRequestException bad(String problem) {
        return new BadRequestException(CODE, Response.Status.BAD_REQUEST, "cursor: " + problem
                + "; pass the 'next' of a GET /items answer unchanged");
    }
}
