package io.camsearch.index;

import java.util.Optional;

/**
 * The rule for item ids, one home for ingestion (which rejects an event with a bad id) and the API
 * (which answers 400 for one): 1 to {@value #MAX_LENGTH} characters of ASCII letters, digits and
 * {@value #PUNCTUATION}, and not {@code .} or {@code ..}.
 *
 * <p>Why this alphabet: an id travels in URL paths ({@code /items/{id}}) and in lists
 * ({@code ids=a,b}), so it holds only what needs no escaping there and cannot be read two ways:
 * RFC 3986's unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) plus {@code :} and {@code @},
 * which a path segment allows as they are and which namespaced ids use ({@code sku:123}). Left out:
 * {@code /} (splits a path), {@code ,} (splits an id list), {@code ;} (splits a filter), {@code +}
 * (a space in a query string), {@code %}, white space, control characters (NUL, line breaks forge
 * log lines and headers) and non-ASCII (look-alike and normalization ambiguity). {@code .} and
 * {@code ..} are path segments that URL normalization removes, so {@code /items/..} would never
 * reach the item.
 */
public final class ItemId {

    /** Longest id accepted. */
    public static final int MAX_LENGTH = 512;
    /** The characters besides ASCII letters and digits an id may hold. */
    public static final String PUNCTUATION = "-_.~:@";
    /** The rule in words, for messages and documentation. */
    public static final String RULE = "an item id is 1 to " + MAX_LENGTH + " characters of ASCII letters, digits and " + PUNCTUATION
            + ", and not '.' or '..'";

    private ItemId() {}

    /** What is wrong with {@code id} (naming the rule), or empty when it is a valid item id. */
    public static Optional<String> problem(String id) {
        if (id == null) {
            return Optional.of("the item id is missing (null); " + RULE);
        }
        if (id.isEmpty()) {
            return Optional.of("the item id is empty; " + RULE);
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of("the item id has " + id.length() + " characters; at most " + MAX_LENGTH + " are allowed (" + RULE + ")");
        }
        if (id.equals(".") || id.equals("..")) {
            return Optional.of("the item id '" + id + "' is a relative path segment; " + RULE);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!allowed(c)) {
                return Optional.of("the item id has " + describe(c) + " at position " + i + "; " + RULE);
            }
        }
        return Optional.empty();
    }

    public static boolean isValid(String id) {
        return problem(id).isEmpty();
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || PUNCTUATION.indexOf(c) >= 0;
    }

    /** The character as a reader can see it: printable ASCII quoted, anything else by code point (never raw). */
    public static String describe(char c) {
        return c > ' ' && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
