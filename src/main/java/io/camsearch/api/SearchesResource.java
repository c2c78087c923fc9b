package io.camsearch.api;

import io.camsearch.cam.OverlayRenderer;
import io.camsearch.search.VisualSearch;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/**
 * The images of a recent search: the query as kept, and each hit's heatmaps (on the query, on the
 * hit) as the coloured map alone or blended over the image. Searches are kept for a limited time
 * and number (camsearch.search.retention, retained-searches).
 */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "404", description = ApiErrors.DOC_404,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/searches/{searchId}")
@Produces("image/png")
public class SearchesResource {

    @Inject
    VisualSearch search;

    @GET
    @Path("query.png")
    @Operation(summary = "The query image of a search (scaled down)")
    @APIResponse(responseCode = "200", description = "the query image, PNG",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    
    public Response query(@PathParam("searchId") String searchId) {
        return png(search.queryImage(searchId), searchId, "query image");
    }

    @GET
    @Path("hits/{rank}/{side}/heatmap.png")
    @Operation(summary = "A heatmap in colour with its box, at the size of the image it explains (side = query or hit)")
    @APIResponse(responseCode = "200", description = "the heatmap, PNG",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    
    public Response heatmap(@PathParam("searchId") String searchId, @PathParam("rank") String rank, @PathParam("side") String side)
            throws IOException {
        return png(search.heatmapImage(searchId, rank(rank), side(side), Optional.empty()), searchId, side + " heatmap of hit " + rank);
    }

    @GET
    @Path("hits/{rank}/{side}/overlay.png")
    @Operation(summary = "A heatmap blended over the image it explains, with its box; alpha in [0,1] (default 0.5)")
    @APIResponse(responseCode = "200", description = "the overlay, PNG",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    
    public Response overlay(@PathParam("searchId") String searchId, @PathParam("rank") String rank, @PathParam("side") String side,
                            @QueryParam("alpha") String alpha) throws IOException {
        return png(search.heatmapImage(searchId, rank(rank), side(side), Optional.of(RequestParams.alpha(alpha))), searchId,
                side + " overlay of hit " + rank);
    }

    private static int rank(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException("rank must be a whole number, got '" + text + "'");
        }
    }

    private static VisualSearch.Side side(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "query" -> VisualSearch.Side.QUERY;
            case "hit" -> VisualSearch.Side.HIT;
            default -> throw new BadRequestException("side must be 'query' or 'hit', got '" + text + "'");
        };
    }

    private static Response png(Optional<BufferedImage> image, String searchId, String what) {
        if (image.isEmpty()) {
            return ApiErrors.error(Response.Status.NOT_FOUND, "NOT_RETAINED", "no " + what + " for search " + searchId
                    + ": the search is unknown or expired (searches are kept for a limited time), or it did not ask for that heatmap");
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(600);
        return Response.ok(OverlayRenderer.png(image.get()), "image/png").cacheControl(cache).build();
    }
}
