package io.camsearch.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A write to the catalog, as the producer that made it learnt when the broker acknowledged its
 * event: the item's id, where the event landed in {@code catalog-images} (partition and offset),
 * and whether it was a tombstone. A search that carries the token ({@code consistency}) waits, up
 * to a bound, until the replica answering it shows the write: read your writes, as Milvus's
 * session consistency.
 *
 * <p>This class owns the token's text form, the one the API reads: {@link #encode()} and {@link
 * #parse(String)}. It is opaque to callers and URL-safe (base64url, no padding, so it needs no
 * escaping in a query string and never holds the {@code ,} that separates tokens); inside is
 * {@code 1} (the format's version), {@code u} or {@code d}, then {@code partition.offset.id}.
 *
 * @param id the item's id (its event's key)
 * @param partition the event's partition of {@code catalog-images}
 * @param offset the event's offset in that partition
 * @param deleted whether the event was a tombstone (the item deleted) rather than an upsert
 */
public record WriteToken(String id, int partition, long offset, boolean deleted) {

    private static final char FORMAT = '1';
    private static final char UPSERT = 'u';
    private static final char DELETE = 'd';
    /** Longest token accepted: an id's 512 characters and two numbers, base64url-encoded, with room to spare. */
    public static final int MAX_LENGTH = 800;

    public WriteToken {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a write token needs an item id, a partition >= 0 and an offset >= 0, got id '" + id
                    + "', partition " + partition + ", offset " + offset);
        }
    }

    /** The token of an upsert of {@code id} acknowledged at {@code partition}, {@code offset}. */
    public static WriteToken upsert(String id, int partition, long offset) {
        return new WriteToken(id, partition, offset, false);
    }

    /** The token of a tombstone (the item deleted) acknowledged at {@code partition}, {@code offset}. */
    public static WriteToken delete(String id, int partition, long offset) {
        return new WriteToken(id, partition, offset, true);
    }

    /** The token as the API takes it. */
    public String encode() {
        String text = "" + FORMAT + (deleted ? DELETE : UPSERT) + partition + '.' + offset + '.' + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a token made by {@link #encode()}.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never repeating its content)
     */
    public static WriteToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the consistency token is empty");
        }
        if (token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the consistency token has " + token.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the consistency token is not base64url text (A-Z a-z 0-9 - _, no padding)");
        }
        if (text.length() < 2 || text.charAt(0) != FORMAT) {
            throw new IllegalArgumentException("the consistency token is not a write token of a format this service reads");
        }
        char kind = text.charAt(1);
        if (kind != UPSERT && kind != DELETE) {
            throw new IllegalArgumentException("the consistency token names neither an upsert nor a delete");
        }
        String[] parts = text.substring(2).split("\\.", 3);
        if (parts.length < 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("the consistency token lacks its partition, offset or item id");
        }
        int partition = (int) number(parts[0], "partition", Integer.MAX_VALUE);
        long offset = number(parts[1], "offset", Long.MAX_VALUE);
        return new WriteToken(parts[2], partition, offset, kind == DELETE);
    }

    private static long number(String digits, String what, long max) {
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the consistency token's " + what + " is not a whole number >= 0");
        }
        try {
            long value = Long.parseLong(digits);
            if (value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("the consistency token's " + what + " is out of range");
    }
}
