package io.camsearch.api;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In a process without the searcher role (an embedder) every REST resource answers 409
 * {@code ROLE_NOT_SERVED} at once: there is no index to search or read, and a clear refusal
 * beats a 500 or a hang for a request routed to the wrong pods. After the API key check, so that
 * an unauthorised caller learns nothing about the deployment.
 */
public class RoleFilter {

    /** Looked up per request: filters are made while the application is set up, before the runtime configuration it comes from. */
    @Inject
    Provider<SearchRole> roles;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Optional<Response> requireSearcher() {
        SearchRole role = roles.get();
        return role.served() ? Optional.empty() : Optional.of(ClientError.roleNotServed(role.roles()).response());
    }
}
