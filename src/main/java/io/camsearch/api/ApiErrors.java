package io.camsearch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.camsearch.consistency.WritesNotVisibleException;
import io.camsearch.image.ImageRejectedException;
import io.camsearch.logging.LogText;
import io.camsearch.search.InvalidSearchException;
import io.camsearch.search.NoSuchItemException;
import io.camsearch.source.SourceException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers: a status and {@code {"error": CODE, "message": what was wrong and where}}.
 *
 * <p>The boundary is explicit: a 4xx only for the exception types that say the client got it wrong
 * (one mapper each below, their status, code and message from {@link ClientError}'s one table,
 * which batch entries use too); anything else is the server's fault, answered 500 with an error id that
 * the log line (at ERROR, with the stack trace) carries too, and nothing of the fault itself.
 */
public class ApiErrors {

    /** What each error status means, for the OpenAPI document of every resource. */
    static final String DOC_400 = "a bad parameter, body, id or image; the message names it";
    static final String DOC_404 = "no such item, or no such path";
    static final String DOC_409 = "ROLE_NOT_SERVED: this process does not run the searcher role (camsearch.roles=embedder); ask a searcher";
    static final String DOC_413 = "the image is over the byte or pixel limit";
    static final String DOC_415 = "the image is not in a supported format";
    static final String DOC_503 = "with Retry-After: the writes the consistency tokens name are not applied on this replica within the "
            + "wait (CONSISTENCY_TIMEOUT), or, for an image by URL, every fetch permit is taken (BUSY)";
    static final String DOC_500 = "a fault of the service, with the error id its log line carries";

    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";
    private static final SecureRandom ERROR_IDS = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @Inject
    JsonLimits jsonLimits;

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return ClientError.of(e).response();
    }

    @ServerExceptionMapper
    public Response invalidSearch(InvalidSearchException e) {
        return ClientError.of(e).response();
    }

    /**
     * Jackson failing outside the request body's reader, which wraps its read errors (see {@link
     * #framework}) and rethrows only mismatched input (see {@link #mismatchedJson}): an answer it
     * could not write or a type it cannot bind, the service's fault. Only a string over the
     * length limit may come here unwrapped from reading the request.
     */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return JsonErrors.isTooLongString(e) ? requestJson(e) : unexpected(e);
    }

    /** Over Quarkus' own mapper for this type, whose answer has no error code and names Java types. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return requestJson(e);
    }

    private Response requestJson(JsonProcessingException e) {
        BadRequestException bad = JsonErrors.describe(e, jsonLimits.maxStringLength());
        return error(bad.status(), bad.code(), bad.getMessage());
    }

    @ServerExceptionMapper
    public Response badImage(ImageRejectedException e) {
        return ClientError.of(e).response();
    }

    @ServerExceptionMapper
    public Response badImageSource(SourceException e) {
        return ClientError.of(e).response();
    }

    @ServerExceptionMapper
    public Response noSuchItem(NoSuchItemException e) {
        return ClientError.of(e).response();
    }

    @ServerExceptionMapper
    public Response writesNotVisible(WritesNotVisibleException e) {
        return ClientError.of(e).response();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, "NOT_FOUND", e.getMessage());
    }

    /** The framework's own answers (405, 406, 415, a body it could not read): their status, with our JSON. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e, ContainerRequestContext request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return requestJson(json); // the request body's reader wraps what it could not read
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getFamily() != Response.Status.Family.CLIENT_ERROR) {
            return unexpected(e);
        }
        String code = status.getReasonPhrase().toUpperCase(Locale.ROOT).replace(' ', '_');
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiJson.ErrorJson(code, frameworkMessage(e, request))).build();
    }

    /**
     * The framework's messages for these name Java annotations ("did not match the value in
     * {@code @Consumes}") instead of what the request sent; these say it in the API's words.
     */
    private static String frameworkMessage(WebApplicationException e, ContainerRequestContext request) {
        String method = request.getMethod();
        String path = LogText.escape("/" + request.getUriInfo().getPath().replaceFirst("^/+", ""));
        return switch (e) {
            case NotSupportedException unsupported -> method + " " + path + " does not take a body of Content-Type '"
                    + LogText.escape(request.getHeaderString(HttpHeaders.CONTENT_TYPE)) + "'; the OpenAPI document (/q/openapi) lists what it takes";
            case NotAcceptableException unacceptable -> method + " " + path + " cannot answer in '" + LogText.escape(request.getHeaderString(HttpHeaders.ACCEPT))
                    + "' (the Accept header); the OpenAPI document (/q/openapi) lists what it answers";
            case NotAllowedException notAllowed -> method + " is not a method " + path + " takes"
                    + (e.getResponse().getAllowedMethods().isEmpty() ? "" : "; it takes " + String.join(", ", new TreeSet<>(e.getResponse().getAllowedMethods())));
            default -> e.getMessage();
        };
    }

    /**
     * The multipart parser signals a body that is not the multipart it claims to be (cut short, no
     * closing boundary, garbage) with a plain IOException; any other IOException is the service's.
     */
    @ServerExceptionMapper
    public Response io(IOException e) {
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length > 0 && trace[0].getClassName().startsWith(MULTIPART_PARSER)) {
            return error(Response.Status.BAD_REQUEST, "BAD_REQUEST", "the multipart/form-data body cannot be read (cut short, without its "
                    + "closing boundary, or not multipart at all); send the image in a form field named 'image'");
        }
        return unexpected(e);
    }

    /** Anything else is a fault of the service: logged with an id the client can quote, never blamed on the request. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String errorId = HexFormat.of().toHexDigits(ERROR_IDS.nextInt());
        LOG.error("request failed with error id " + errorId, e);
        return Response.status(Response.Status.INTERNAL_SERVER_ERROR).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiJson.ErrorJson("INTERNAL_ERROR", "the service failed to answer; quote error id " + errorId + " when reporting it",
                        errorId)).build();
    }

    static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiJson.ErrorJson(code, message)).build();
    }
}
