package io.camsearch.api;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A state-changing endpoint that exists only in the tests: no REST endpoint of the service changes
 * state yet, and the admin-key rule needs one to be proven on.
 */
@Path("/test-admin")
public class AdminProbeResource {

    @POST
    @AdminOnly
    @Path("reset")
    @Operation(hidden = true)
    public Response reset() {
        return Response.noContent().build();
    }
}
