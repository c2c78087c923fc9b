package io.camsearch.api;

import io.camsearch.image.DecodedImage;
import io.camsearch.search.VisualSearch;
import io.camsearch.source.SourceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Explain an image against chosen items (one heatmap per item, its embedding as the proxy), or
 * against a concept (the normalized mean proxy of items listed or matching a filter).
 */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "409", description = ApiErrors.DOC_409,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "404", description = ApiErrors.DOC_404,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "413", description = ApiErrors.DOC_413,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "415", description = ApiErrors.DOC_415,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/explain")
@Produces(MediaType.APPLICATION_JSON)
public class ExplainResource {

    @Inject
    VisualSearch search;

    @Inject
    QueryImages images;

    @Inject
    MeterRegistry metrics;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "{image, ids: [...]} -> a heatmap per item; {image, concept: {ids | filter}} -> one concept heatmap")
    @APIResponseSchema(value = ApiJson.ExplainResponse.class, responseCode = "200", responseDescription = "hits for ids, or the concept heatmap for a concept")
    public ApiJson.ExplainResponse json(ApiJson.ExplainRequest request) throws IOException, SourceException {
        if (request == null) {
            throw new BadRequestException("the request body must be JSON {image, ids} or {image, concept: {ids | filter}}");
        }
        List<String> ids = RequestParams.ids("ids", request.ids());
        ApiJson.ConceptJson concept = request.concept() == null ? null
                : new ApiJson.ConceptJson(RequestParams.ids("concept.ids", request.concept().ids()), request.concept().filter());
        DecodedImage image = images.fromJson(request.image());
        return explain(image, ids, concept, Boolean.TRUE.equals(request.guided()));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Uploaded image (form field 'image'); ids=a,b for a heatmap per item (guided=true: with Guided Grad-CAM), or "
            + "conceptIds=... / conceptFilter=... for a concept")
    @APIResponseSchema(value = ApiJson.ExplainResponse.class, responseCode = "200", responseDescription = "hits for ids, or the concept heatmap for a concept")
    public ApiJson.ExplainResponse upload(@RestForm("image") FileUpload upload, @QueryParam("ids") String ids, @QueryParam("conceptIds") String conceptIds,
                         @QueryParam("conceptFilter") String conceptFilter, @QueryParam("guided") Boolean guided) throws IOException {
        ApiJson.ConceptJson concept = conceptIds == null && conceptFilter == null ? null
                : new ApiJson.ConceptJson(RequestParams.ids("conceptIds", conceptIds), conceptFilter);
        List<String> itemIds = RequestParams.ids("ids", ids);
        return explain(images.fromUpload(upload), itemIds, concept, Boolean.TRUE.equals(guided));
    }

    private ApiJson.ExplainResponse explain(DecodedImage image, List<String> ids, ApiJson.ConceptJson concept, boolean guided) throws IOException {
        if (ids.isEmpty() == (concept == null)) {
            throw new BadRequestException("explain needs either item ids or a concept, not " + (ids.isEmpty() ? "neither" : "both"));
        }
        if (guided && concept != null) {
            throw new BadRequestException("guided explains items (ids), not a concept");
        }
        Timer.Sample sample = Timer.start(metrics);
        if (concept != null) {
            var result = search.explainConcept(image, concept.ids() == null ? List.of() : concept.ids(), RequestParams.filter(concept.filter()));
            sample.stop(SearchTimers.explain(metrics, "concept"));
            return ApiJson.ConceptResponse.of(result);
        }
        var result = search.explainItems(image, ids, guided);
        sample.stop(SearchTimers.explain(metrics, "items"));
        return ApiJson.SearchResponse.of(result);
    }
}
