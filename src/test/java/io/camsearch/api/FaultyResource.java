package io.camsearch.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Deployed in tests only: a fault of the service, as a bug would raise it, for the error boundary to answer. */
@Path("/test-only/fault")
public class FaultyResource {

    /** What the fault says; the client must never see it. */
    static final String SECRET = "internal detail: index shard 7 is at /var/secret/path";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String fail() {
        throw new IllegalArgumentException(SECRET);
    }

    /** An answer Jackson cannot write: the service's fault, though Jackson reports it as it reports a bad request body. */
    public record Unwritable(String name) {
        public String getBroken() {
            throw new IllegalStateException(SECRET);
        }
    }

    @GET
    @Path("unwritable")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Unwritable unwritable() {
        return new Unwritable("x");
    }
}
