package io.camsearch.api;

import io.camsearch.image.ImageRejectedException;
import io.camsearch.search.NoSuchItemException;
import io.camsearch.source.SourceException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API answers: a status and {@code {"error": CODE, "message": what was wrong and where}}. */
public class ApiErrors {

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, "BAD_REQUEST", e.getMessage());
    }

    @ServerExceptionMapper
    public Response badImage(ImageRejectedException e) {
        Response.Status status = switch (e.reason()) {
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
            case UNSUPPORTED_FORMAT -> Response.Status.UNSUPPORTED_MEDIA_TYPE;
            default -> Response.Status.BAD_REQUEST;
        };
        return error(status, "IMAGE_" + e.reason().name(), "the query image: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response badImageSource(SourceException e) {
        // The codes are those ingestion's dead letters use for the same reasons.
        return switch (e.reason()) {
            case MISSING -> error(Response.Status.BAD_REQUEST, "MISSING_IMAGE", e.getMessage());
            case BAD_BASE64 -> error(Response.Status.BAD_REQUEST, "BAD_BASE64", e.getMessage());
            case NOT_ALLOWED -> error(Response.Status.BAD_REQUEST, "URL_NOT_ALLOWED", e.getMessage());
            case UNFETCHABLE -> error(Response.Status.BAD_REQUEST, "URL_UNREACHABLE", e.getMessage());
            case TOO_LARGE -> error(Response.Status.REQUEST_ENTITY_TOO_LARGE, "IMAGE_TOO_LARGE", e.getMessage());
            case BUSY -> Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, "BUSY", e.getMessage()))
                    .header("Retry-After", Long.toString(e.retryAfterSeconds())).build();
        };
    }

    @ServerExceptionMapper
    public Response noSuchItem(NoSuchItemException e) {
        return error(Response.Status.NOT_FOUND, "NO_SUCH_ITEM", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, "NOT_FOUND", e.getMessage());
    }

    static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiJson.ErrorJson(code, message)).build();
    }
}
