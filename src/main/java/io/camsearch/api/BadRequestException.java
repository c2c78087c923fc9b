package io.camsearch.api;

import jakarta.ws.rs.core.Response;
import java.util.Objects;

/**
 * What the client got wrong: answered with {@link #status()} (400 unless said otherwise) and
 * {@code {"error": code, "message": ...}}. The one way request parsing reports a bad request: any
 * other exception that reaches the boundary is the server's fault and answered 500.
 */
public final class BadRequestException extends RuntimeException {

    private final String code;
    private final Response.Status status;

    public BadRequestException(String message) {
        this("BAD_REQUEST", Response.Status.BAD_REQUEST, message);
    }

    public BadRequestException(String code, Response.Status status, String message) {
        super(message);
        assert status.getFamily() == Response.Status.Family.CLIENT_ERROR : "a bad request is answered 4xx, not " + status;
        this.code = Objects.requireNonNull(code, "code");
        this.status = status;
    }

    public String code() {
        return code;
    }

    public Response.Status status() {
        return status;
    }

    /** Client errors are frequent and expected: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
