package io.camsearch.source;

import java.util.Objects;

/**
 * An image that could not be had from its source. The message is safe to show to whoever named
 * the source: it carries no fetched content, no secrets of the URL, and does not tell network
 * conditions apart (a closed port, a timeout, an error answer and a refused address read alike).
 */
public final class SourceException extends Exception {

    /** Why, in terms a caller can act on; each user of the package maps these to its own answers. */
    public enum Reason {
        /** Neither or both of a URL and inline bytes. */
        MISSING,
        /** The inline bytes are not base64. */
        BAD_BASE64,
        /** The URL is refused from its text alone: its scheme, its host, or a kind of source that is switched off. */
        NOT_ALLOWED,
        /** The URL could not be fetched: not there, not reachable, an address refused by policy, an error answer, too slow. */
        UNFETCHABLE,
        /** More bytes than the limit. */
        TOO_LARGE,
        /** Every permit for fetching is taken: try again shortly. */
        BUSY
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    public SourceException(Reason reason, String message) {
        this(reason, message, 0);
    }

    private SourceException(Reason reason, String message, long retryAfterSeconds) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@link Reason#BUSY}: asking again after {@code retryAfterSeconds} may succeed. */
    static SourceException busy(String message, long retryAfterSeconds) {
        assert retryAfterSeconds > 0 : "a busy answer needs a positive retry delay, got " + retryAfterSeconds;
        return new SourceException(Reason.BUSY, message, retryAfterSeconds);
    }

    public Reason reason() {
        return reason;
    }

    /** When {@link Reason#BUSY}, the seconds after which asking again may succeed; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
