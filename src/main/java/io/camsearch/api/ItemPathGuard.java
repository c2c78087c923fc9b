package io.camsearch.api;

import io.camsearch.index.ItemId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers {@code /items/.} and {@code /items/..} (also percent-encoded) with the id rule's 400. The
 * router matches on the normalized path, in which such a segment has been resolved away
 * ({@code /items/%2e%2e} is {@code /}), so without this the request would get the web page, not an
 * answer about the id. Runs before every other route, on the raw path.
 */
@Singleton
public class ItemPathGuard {

    private static final String ITEMS = "/items/";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String path = context.request().path();
        if (path == null || !path.startsWith(ITEMS)) {
            context.next();
            return;
        }
        int end = path.indexOf('/', ITEMS.length());
        String segment = path.substring(ITEMS.length(), end < 0 ? path.length() : end);
        String id;
        try {
            id = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            context.next(); // a bad escape: the framework answers it
            return;
        }
        if (!id.equals(".") && !id.equals("..")) {
            context.next();
            return;
        }
        String message = "the path's item id: " + ItemId.problem(id).orElseThrow();
        context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(new ApiJson.ErrorJson("BAD_ID", message)));
    }
}
