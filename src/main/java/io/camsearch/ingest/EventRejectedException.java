package io.camsearch.ingest;

import io.camsearch.source.SourceException;
import java.util.Objects;

/** An event that cannot become a catalog item; it goes to the dead-letter topic with {@link #reason()}. */
public final class EventRejectedException extends Exception {

    private final RejectReason reason;

    public EventRejectedException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    public EventRejectedException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The event whose image could not be had from its source. */
    static EventRejectedException of(SourceException e) {
        return new EventRejectedException(RejectReason.of(e.reason()), e.getMessage());
    }

    public RejectReason reason() {
        return reason;
    }
}
