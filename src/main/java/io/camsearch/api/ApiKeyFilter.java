package io.camsearch.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Who may call the REST resources, when API keys are configured: a search or admin key for every
 * resource method, an admin key for {@link AdminOnly} ones. The key comes as
 * {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}.
 * <p>
 * A Quarkus REST request filter rather than Quarkus Security: two fixed roles from a static key
 * list need no identity provider or extension; a filter runs after matching, so it sees the
 * resource method's annotation, and it runs only for REST resources, so the static web page, the
 * OpenAPI document and the management interface stay outside it by construction; its refusals
 * carry the API's own JSON error body.
 */
public class ApiKeyFilter {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "Bearer ";

    @Inject
    ApiKeys keys;

    @ServerRequestFilter
    public Optional<Response> requireKey(ContainerRequestContext request, ResourceInfo resource) {
        if (keys.open()) {
            return Optional.empty();
        }
        ApiKeys.Access needed = adminOnly(resource) ? ApiKeys.Access.ADMIN : ApiKeys.Access.SEARCH;
        Optional<String> presented = presentedKey(request);
        if (presented.isEmpty()) {
            return Optional.of(unauthorized("this endpoint needs an API key: send 'Authorization: Bearer <key>' or '" + API_KEY_HEADER + ": <key>'"));
        }
        ApiKeys.Access granted = keys.accessOf(presented.get());
        if (granted == ApiKeys.Access.NONE) {
            return Optional.of(unauthorized("the API key sent is not valid"));
        }
        if (!granted.allows(needed)) {
            return Optional.of(ApiErrors.error(Response.Status.FORBIDDEN, "FORBIDDEN", "this endpoint needs an admin key; a search key was sent"));
        }
        return Optional.empty();
    }

    private static boolean adminOnly(ResourceInfo resource) {
        return resource.getResourceMethod().isAnnotationPresent(AdminOnly.class)
                || resource.getResourceClass().isAnnotationPresent(AdminOnly.class);
    }

    private static Optional<String> presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return nonBlank(authorization.substring(BEARER.length()));
        }
        return nonBlank(request.getHeaderString(API_KEY_HEADER));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Response unauthorized(String message) {
        Response error = ApiErrors.error(Response.Status.UNAUTHORIZED, "UNAUTHORIZED", message);
        return Response.fromResponse(error).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"camsearch\"").build();
    }
}
