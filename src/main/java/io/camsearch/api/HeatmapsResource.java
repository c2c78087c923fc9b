package io.camsearch.api;

import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.heatmap.HeatmapToken;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Heatmap images drawn from the map their URL carries ({@link HeatmapToken}): no search is looked
 * up, so any replica answers any heatmap URL a search returned, for as long as the service reads
 * that token version. The blend over a catalog item's image is {@code GET /items/{id}/overlay.png}.
 */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "409", description = ApiErrors.DOC_409,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/heatmaps")
public class HeatmapsResource {

    @Inject
    VisualSearch search;

    @GET
    @Path("{map}.png")
    @Produces("image/png")
    @Operation(summary = "A heatmap in colour with its box, from the map in the URL; drawn at width x height (one of them keeps the aspect; "
            + "default: the explained image's size, scaled to fit heatmap-max-side)")
    @APIResponse(responseCode = "200", description = "the heatmap", content =
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response heatmap(@PathParam("map") String map, @QueryParam("width") String width, @QueryParam("height") String height) {
        int maxSide = search.settings().heatmapMaxSide();
        int w = RequestParams.count("width", width, 0, 1, maxSide);
        int h = RequestParams.count("height", height, 0, 1, maxSide);
        return png(search.heatmapImage(RequestParams.heatmap("map", map), w, h));
    }

    /** A PNG that is a function of its URL alone: browsers and proxies may keep it for a day. */
    static Response png(BufferedImage image) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(86_400);
        return Response.ok(HeatmapRenderer.png(image), "image/png").cacheControl(cache).build();
    }
}
