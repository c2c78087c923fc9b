package io.camsearch.ingest;

import io.camsearch.image.ImageRejectedException;
import io.camsearch.source.SourceException;
import java.util.Objects;

/**
 * An event that cannot become a catalog item; it goes to the dead-letter topic with {@link #reason()}.
 * The reason is the event's own ({@link RejectReason}), or its image's from the package that
 * rejected it, named here as a dead letter.
 */
public final class EventRejectedException extends Exception {

    private final String reason;

    public EventRejectedException(RejectReason reason, String message) {
        this(reason.name(), message, null);
    }

    private EventRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The event whose image could not be had from its source. */
    static EventRejectedException of(SourceException e) {
        return new EventRejectedException(deadLetterReason(e.reason()), e.getMessage(), null);
    }

    /** The event whose image the decoder rejected; {@code image} says whose image and from where. */
    static EventRejectedException of(ImageRejectedException e, String image) {
        return new EventRejectedException(deadLetterReason(e.reason()), image + ": " + e.getMessage(), e);
    }

    /** The dead-letter reason: a {@link RejectReason}'s name, or the name given to an image's reason. */
    public String reason() {
        return reason;
    }

    private static String deadLetterReason(SourceException.Reason reason) {
        return switch (reason) {
            case MISSING -> RejectReason.MISSING_IMAGE.name();
            case BAD_BASE64 -> RejectReason.BAD_BASE64.name();
            case NOT_ALLOWED -> "URL_NOT_ALLOWED";
            case TOO_LARGE -> "IMAGE_TOO_LARGE";
            // Ingestion fetches without permits: BUSY does not happen here, and would be a URL not fetched.
            case UNFETCHABLE, BUSY -> "URL_UNREACHABLE";
        };
    }

    private static String deadLetterReason(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case EMPTY -> "IMAGE_EMPTY";
            case TOO_MANY_BYTES -> "IMAGE_TOO_LARGE";
            case TOO_MANY_PIXELS -> "IMAGE_TOO_MANY_PIXELS";
            case UNSUPPORTED_FORMAT -> "IMAGE_UNSUPPORTED_FORMAT";
            case CORRUPT -> "IMAGE_CORRUPT";
        };
    }
}
