package io.camsearch.api;

import io.camsearch.index.MetadataFilter;
import io.camsearch.search.BatchResult;
import io.camsearch.search.ExplainMode;
import io.camsearch.search.VisualSearch;
import io.camsearch.service.CamsearchConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** Similar items for several items in one request: what a recommender backend asks for a page of products. */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/items/similar")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsBatchResource {

    @Inject
    VisualSearch search;

    @Inject
    CamsearchConfig config;

    @Inject
    MeterRegistry metrics;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "GET /items/{id}/similar for each listed id, answered in one response in the order asked; an unknown or "
            + "invalid id is an error entry of its own, the others are answered (at most camsearch.search.max-batch ids)")
    @APIResponseSchema(value = BatchJson.ItemsResponse.class, responseCode = "200", responseDescription = "one entry per id, in order")
    public BatchJson.ItemsResponse similar(BatchJson.ItemsRequest request) throws Exception {
        if (request == null) {
            throw new BadRequestException("the request body must be JSON {ids: [...], k, filter, explain}");
        }
        int k = RequestParams.k(request.k());
        MetadataFilter filter = RequestParams.filter(request.filter());
        ExplainMode mode = RequestParams.explain(request.explain());
        List<String> ids = request.ids() == null ? List.of() : request.ids();
        RequestParams.batchSize("ids", ids.size(), config.search().maxBatch());
        BatchSlots<String> slots = new BatchSlots<>();
        for (int i = 0; i < ids.size(); i++) {
            String where = "ids[" + i + "]";
            String id = ids.get(i);
            slots.add(() -> RequestParams.id(where, id));
        }
        Timer.Sample sample = Timer.start(metrics);
        BatchResult batch = search.byItems(slots.ready(), k, filter, mode);
        sample.stop(SearchTimers.search(metrics, mode, "items-batch"));
        List<BatchSlots.Answer> answers = slots.answers(batch);
        List<BatchJson.ItemEntry> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            entries.add(new BatchJson.ItemEntry(ids.get(i), answers.get(i).result(), answers.get(i).error()));
        }
        return new BatchJson.ItemsResponse(entries, ApiJson.TimingsJson.of(batch.timings()));
    }
}
