package io.camsearch.api;

import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.DecodedImage;
import io.camsearch.index.MetadataFilter;
import io.camsearch.search.ExplainMode;
import io.camsearch.search.SearchResult;
import io.camsearch.search.VisualSearch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Search by image: the nearest catalog items, each with its heatmaps. */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "409", description = ApiErrors.DOC_409,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "413", description = ApiErrors.DOC_413,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "415", description = ApiErrors.DOC_415,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "503", description = ApiErrors.DOC_503,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    @Inject
    VisualSearch search;

    @Inject
    QueryImages images;

    @Inject
    MeterRegistry metrics;

    @Inject
    ReadYourWrites writes;

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Search with an uploaded image (form field 'image')")
    @APIResponseSchema(value = ApiJson.SearchResponse.class, responseCode = "200", responseDescription = "the nearest items, best first, with their heatmaps")
    public Uni<ApiJson.SearchResponse> upload(@RestForm("image") FileUpload image,
                                         @QueryParam("k") @Parameter(description = "number of hits (default 10)") String k,
                                         @QueryParam("filter") @Parameter(description = "e.g. category=shoe,bag;price=10..50") String filter,
                                         @QueryParam("explain") @Parameter(description = "none, query (default) or both") String explain,
                                         @QueryParam("regions") @Parameter(description = REGIONS) String regions,
                                         @QueryParam("consistency") @Parameter(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                                         @QueryParam("consistencyWait") @Parameter(description = RequestParams.CONSISTENCY_WAIT_DOC) String consistencyWait)
            throws Exception {
        int hits = RequestParams.k(k);
        MetadataFilter f = RequestParams.filter(filter);
        ExplainMode mode = RequestParams.explain(explain);
        int r = RequestParams.regions(regions);
        return writes.answer(writes.consistency(consistency, consistencyWait), () -> search(images.fromUpload(image), hits, f, mode, r));
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search with an image given by url or base64")
    @APIResponseSchema(value = ApiJson.SearchResponse.class, responseCode = "200", responseDescription = "the nearest items, best first, with their heatmaps")
    public Uni<ApiJson.SearchResponse> json(ApiJson.SearchRequest request) throws Exception {
        if (request == null) {
            throw new BadRequestException("the request body must be JSON {image: {url | base64}, k, filter, explain}");
        }
        int hits = RequestParams.k(request.k());
        MetadataFilter f = RequestParams.filter(request.filter());
        ExplainMode mode = RequestParams.explain(request.explain());
        int regions = RequestParams.regions(request.regions());
        return writes.answer(writes.consistency(request.consistency(), request.consistencyWait()),
                () -> search(images.fromJson(request.image()), hits, f, mode, regions));
    }

    static final String REGIONS = "score regions listed per heatmap, 0.." + Heatmap.MAX_REGIONS + " (default " + RequestParams.DEFAULT_REGIONS + ")";

    private ApiJson.SearchResponse search(DecodedImage image, int k, MetadataFilter filter, ExplainMode mode, int regions) throws IOException {
        Timer.Sample sample = Timer.start(metrics);
        SearchResult result = search.byImage(image, k, filter, mode);
        sample.stop(SearchTimers.search(metrics, mode));
        return ApiJson.SearchResponse.of(result, regions);
    }
}
