package io.camsearch.api;

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
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** "More like these": items near what the customer liked and away from what they did not; see {@link io.camsearch.search.Recommendation}. */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "409", description = ApiErrors.DOC_409,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "404", description = "an example id names no item",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "413", description = ApiErrors.DOC_413,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "415", description = ApiErrors.DOC_415,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "503", description = ApiErrors.DOC_503,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/recommend")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendResource {

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
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The items nearest to normalize(mean(positives) - 0.5 mean(negatives)), the examples excluded; each hit's heatmap "
            + "shows what it shares with the positives (at most camsearch.search.max-batch examples)")
    @APIResponseSchema(value = BatchJson.RecommendResponse.class, responseCode = "200", responseDescription = "the nearest items, best first")
    public Uni<BatchJson.RecommendResponse> recommend(BatchJson.RecommendRequest request) throws Exception {
        if (request == null) {
            throw new BadRequestException("the request body must be JSON {positive: [ids], negative: [ids], images: [{url | base64}], k, filter, explain}");
        }
        int k = RequestParams.k(request.k());
        MetadataFilter filter = RequestParams.filter(request.filter());
        boolean explain = explainHits(request.explain());
        List<String> positive = RequestParams.ids("positive", request.positive());
        List<String> negative = RequestParams.ids("negative", request.negative());
        List<ApiJson.ImageJson> sent = request.images() == null ? List.of() : request.images();
        RequestParams.batchSize("the examples (positive, negative and images)", positive.size() + negative.size() + sent.size(),
                search.settings().maxBatch());
        if (positive.isEmpty() && sent.isEmpty()) {
            throw new BadRequestException("NO_POSITIVES", jakarta.ws.rs.core.Response.Status.BAD_REQUEST,
                    "a recommendation needs at least one positive example: an id in \"positive\" or an image in \"images\"");
        }
        return writes.answer(writes.consistency(request.consistency(), request.consistencyWait()), () -> {
            List<DecodedImage> liked = new ArrayList<>(sent.size());
            for (ApiJson.ImageJson image : sent) {
                liked.add(images.fromJson(image));
            }
            Timer.Sample sample = Timer.start(metrics);
            SearchResult result = search.recommend(positive, negative, liked, k, filter, explain);
            sample.stop(SearchTimers.search(metrics, explain ? ExplainMode.BOTH : ExplainMode.NONE, "recommend"));
            return BatchJson.RecommendResponse.of(result, positive.size() + liked.size(), negative.size());
        });
    }

    /** {@code none} or {@code hit} (the default): there is no query image, so the only heatmap a hit can have is on itself. */
    private static boolean explainHits(String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "hit" -> true;
            case "none" -> false;
            default -> throw new BadRequestException("explain must be none or hit for a recommendation, got '" + text + "'");
        };
    }
}
