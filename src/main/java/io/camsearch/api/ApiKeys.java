package io.camsearch.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API keys the service accepts: search keys (every read and search endpoint) and admin keys
 * (those too, and the {@link AdminOnly} endpoints). None at all leaves the API open. Only SHA-256
 * digests are kept, and a presented key is compared with {@link MessageDigest#isEqual} against
 * every digest: equal-length digests make the comparison's time independent of the key's length
 * and of how much of it matches.
 */
public final class ApiKeys {

    /** Shorter keys are refused at startup: a key is a shared secret, not a password to remember. */
    public static final int MIN_LENGTH = 16;

    /** What a presented key may do. */
    public enum Access {
        NONE, SEARCH, ADMIN;

        boolean allows(Access needed) {
            return compareTo(needed) >= 0;
        }
    }

    private final List<byte[]> searchDigests;
    private final List<byte[]> adminDigests;

    private ApiKeys(List<byte[]> searchDigests, List<byte[]> adminDigests) {
        this.searchDigests = searchDigests;
        this.adminDigests = adminDigests;
    }

    /**
     * @throws IllegalArgumentException naming the list and position of a blank, short or
     *     whitespace-holding key (never the key itself)
     */
    public static ApiKeys of(List<String> searchKeys, List<String> adminKeys) {
        return new ApiKeys(digests("search-keys", searchKeys), digests("admin-keys", adminKeys));
    }

    /** No key configured: every request may call every endpoint. */
    public boolean open() {
        return searchDigests.isEmpty() && adminDigests.isEmpty();
    }

    public int searchKeyCount() {
        return searchDigests.size();
    }

    public int adminKeyCount() {
        return adminDigests.size();
    }

    /** The access a presented key grants; an admin key grants search too. */
    public Access accessOf(String presented) {
        byte[] digest = sha256(presented);
        if (matchesAny(digest, adminDigests)) {
            return Access.ADMIN;
        }
        return matchesAny(digest, searchDigests) ? Access.SEARCH : Access.NONE;
    }

    /** Compares with every digest, so that which key matched (if any) does not change the time taken. */
    private static boolean matchesAny(byte[] digest, List<byte[]> digests) {
        boolean matched = false;
        for (byte[] candidate : digests) {
            matched |= MessageDigest.isEqual(digest, candidate);
        }
        return matched;
    }

    private static List<byte[]> digests(String list, List<String> keys) {
        List<byte[]> digests = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String where = list + ": key " + (i + 1) + " of " + keys.size();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(where + " is empty");
            }
            if (key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where + " holds whitespace; keys are single tokens (e.g. openssl rand -hex 32)");
            }
            if (key.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(where + " has " + key.length() + " characters; use at least " + MIN_LENGTH
                        + " random ones (e.g. openssl rand -hex 32)");
            }
            digests.add(sha256(key));
        }
        return List.copyOf(digests);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
