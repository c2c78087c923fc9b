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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Explain an image against chosen items (one heatmap per item, its embedding as the proxy), or
 * against a concept (the normalized mean proxy of items listed or matching a filter).
 */
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
    public Object json(ApiJson.ExplainRequest request) throws IOException, SourceException {
        if (request == null) {
            throw new IllegalArgumentException("the request body must be JSON {image, ids} or {image, concept: {ids | filter}}");
        }
        DecodedImage image = images.fromJson(request.image());
        return explain(image, request.ids() == null ? List.of() : request.ids(), request.concept());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Uploaded image (form field 'image'); ids=a,b for a heatmap per item, or conceptIds=... / conceptFilter=... for a concept")
    public Object upload(@RestForm("image") FileUpload upload, @QueryParam("ids") String ids, @QueryParam("conceptIds") String conceptIds,
                         @QueryParam("conceptFilter") String conceptFilter) throws IOException {
        ApiJson.ConceptJson concept = conceptIds == null && conceptFilter == null ? null
                : new ApiJson.ConceptJson(RequestParams.ids(conceptIds), conceptFilter);
        return explain(images.fromUpload(upload), RequestParams.ids(ids), concept);
    }

    private Object explain(DecodedImage image, List<String> ids, ApiJson.ConceptJson concept) throws IOException {
        if (ids.isEmpty() == (concept == null)) {
            throw new IllegalArgumentException("explain needs either item ids or a concept, not " + (ids.isEmpty() ? "neither" : "both"));
        }
        Timer.Sample sample = Timer.start(metrics);
        if (concept != null) {
            var result = search.explainConcept(image, concept.ids() == null ? List.of() : concept.ids(), RequestParams.filter(concept.filter()));
            sample.stop(SearchTimers.explain(metrics, "concept"));
            return ApiJson.ConceptResponse.of(result);
        }
        var result = search.explainItems(image, ids);
        sample.stop(SearchTimers.explain(metrics, "items"));
        return ApiJson.SearchResponse.of(result);
    }
}
