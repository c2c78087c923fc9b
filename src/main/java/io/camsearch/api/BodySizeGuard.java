package io.camsearch.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is over {@code quarkus.http.limits.max-body-size} with the
 * API's JSON 413 before the body is read. Quarkus refuses such a request itself, but with an empty
 * body that says nothing about what was too large; this runs first (on the declared
 * Content-Length), so the framework's refusal is left only for chunked bodies that grow past it.
 */
@Singleton
public class BodySizeGuard {

    private final long limit;

    BodySizeGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            context.next(); // a malformed header: the HTTP layer answers it
            return;
        }
        if (length <= limit) {
            context.next();
            return;
        }
        String message = "the request body has " + length + " bytes; the limit is " + limit
                + " (an image may have at most camsearch.images.max-bytes, which base64 makes 4/3 as long)";
        // The body is not read, so the connection cannot carry another request.
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(new ApiJson.ErrorJson("BODY_TOO_LARGE", message)));
    }
}
