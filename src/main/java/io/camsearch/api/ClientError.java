package io.camsearch.api;

import io.camsearch.image.ImageRejectedException;
import io.camsearch.search.InvalidSearchException;
import io.camsearch.search.NoSuchItemException;
import io.camsearch.source.SourceException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The status, code and message of each failure that is the caller's: one table for the whole
 * request's answer ({@link ApiErrors}) and for one query's entry in a batch answer, so that a bad
 * image is the same error however it was sent.
 *
 * @param retryAfterSeconds for BUSY, when to try again; 0 otherwise
 */
record ClientError(Response.Status status, String code, String message, long retryAfterSeconds) {

    static ClientError of(ImageRejectedException e) {
        // The codes are the names ingestion's dead letters use for the same reasons: an image too large is IMAGE_TOO_LARGE however it came.
        String message = "the query image: " + e.getMessage();
        return switch (e.reason()) {
            case EMPTY -> new ClientError(Response.Status.BAD_REQUEST, "IMAGE_EMPTY", message, 0);
            case TOO_MANY_BYTES -> new ClientError(Response.Status.REQUEST_ENTITY_TOO_LARGE, "IMAGE_TOO_LARGE", message, 0);
            case TOO_MANY_PIXELS -> new ClientError(Response.Status.REQUEST_ENTITY_TOO_LARGE, "IMAGE_TOO_MANY_PIXELS", message, 0);
            case UNSUPPORTED_FORMAT -> new ClientError(Response.Status.UNSUPPORTED_MEDIA_TYPE, "IMAGE_UNSUPPORTED_FORMAT", message, 0);
            case CORRUPT -> new ClientError(Response.Status.BAD_REQUEST, "IMAGE_CORRUPT", message, 0);
        };
    }

    static ClientError of(SourceException e) {
        // The codes are those ingestion's dead letters use for the same reasons.
        return switch (e.reason()) {
            case MISSING -> new ClientError(Response.Status.BAD_REQUEST, "MISSING_IMAGE", e.getMessage(), 0);
            case BAD_BASE64 -> new ClientError(Response.Status.BAD_REQUEST, "BAD_BASE64", e.getMessage(), 0);
            case NOT_ALLOWED -> new ClientError(Response.Status.BAD_REQUEST, "URL_NOT_ALLOWED", e.getMessage(), 0);
            case UNFETCHABLE -> new ClientError(Response.Status.BAD_REQUEST, "URL_UNREACHABLE", e.getMessage(), 0);
            case TOO_LARGE -> new ClientError(Response.Status.REQUEST_ENTITY_TOO_LARGE, "IMAGE_TOO_LARGE", e.getMessage(), 0);
            case BUSY -> new ClientError(Response.Status.SERVICE_UNAVAILABLE, "BUSY", e.getMessage(), e.retryAfterSeconds());
        };
    }

    static ClientError of(BadRequestException e) {
        return new ClientError(e.status(), e.code(), e.getMessage(), 0);
    }

    static ClientError of(InvalidSearchException e) {
        return new ClientError(Response.Status.BAD_REQUEST, "BAD_REQUEST", e.getMessage(), 0);
    }

    static ClientError of(NoSuchItemException e) {
        return new ClientError(Response.Status.NOT_FOUND, "NO_SUCH_ITEM", e.getMessage(), 0);
    }

    /** A request to a process that does not run the searcher role (see {@link RoleFilter}). */
    static ClientError roleNotServed(String roles) {
        return new ClientError(Response.Status.CONFLICT, "ROLE_NOT_SERVED", "this process runs only the role(s) '" + roles
                + "' (camsearch.roles) and holds no index: search and item requests are answered by processes with the searcher role", 0);
    }

    /** The caller's error this exception stands for; empty for anything else (a fault of the service, which fails the whole request). */
    static Optional<ClientError> describe(Exception e) {
        return Optional.ofNullable(switch (e) {
            case BadRequestException bad -> of(bad);
            case InvalidSearchException invalid -> of(invalid);
            case NoSuchItemException missing -> of(missing);
            case ImageRejectedException image -> of(image);
            case SourceException source -> of(source);
            default -> null;
        });
    }

    Response response() {
        Response response = ApiErrors.error(status, code, message);
        return retryAfterSeconds > 0 ? Response.fromResponse(response).header("Retry-After", Long.toString(retryAfterSeconds)).build() : response;
    }
}
