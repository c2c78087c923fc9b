package io.camsearch.image;

import java.util.Objects;

/**
 * Thrown when bytes cannot become an image: the one failure type of {@link ImageDecoder}.
 *
 * <p>Unchecked on purpose: every caller handles it at one boundary (the ingest stage sends the
 * event to the dead-letter topic with {@link #reason()}, the REST layer answers 400), and decoding
 * runs inside lambdas of batching code where a checked exception would only be wrapped.
 */
public final class ImageRejectedException extends RuntimeException {

    /** Why an image was rejected; stable names, fit for metrics and dead-letter records. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** More bytes than {@link ImageLimits#maxBytes()}. */
        TOO_MANY_BYTES,
        /** The header declares more pixels, or a longer side, than the limits allow. */
        TOO_MANY_PIXELS,
        /** Not one of the {@link ImageFormat}s. */
        UNSUPPORTED_FORMAT,
        /** A supported format, but broken or cut short. */
        CORRUPT
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
