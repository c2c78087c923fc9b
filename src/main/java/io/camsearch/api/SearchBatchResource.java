package io.camsearch.api;

import io.camsearch.image.DecodedImage;
import io.camsearch.index.MetadataFilter;
import io.camsearch.search.BatchResult;
import io.camsearch.search.ExplainMode;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Several images searched in one request: each decoded on its own (a bad one is an error entry,
 * the others are answered), then all embedded in one forward pass of the model and searched on one
 * index searcher.
 */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "409", description = ApiErrors.DOC_409,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "503", description = ApiErrors.DOC_503,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/search/batch")
@Produces(MediaType.APPLICATION_JSON)
public class SearchBatchResource {

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
    @Operation(summary = "POST /search for each uploaded image (several form fields named 'image'), answered in one response in the order sent")
    @APIResponseSchema(value = BatchJson.ImagesResponse.class, responseCode = "200", responseDescription = "one entry per image, in order")
    public Uni<BatchJson.ImagesResponse> upload(@RestForm("image") List<FileUpload> uploads,
                                           @QueryParam("k") @Parameter(description = "number of hits per image (default 10)") String k,
                                           @QueryParam("filter") @Parameter(description = "e.g. category=shoe,bag;price=10..50") String filter,
                                           @QueryParam("explain") @Parameter(description = "none, query (default) or both") String explain,
                                           @QueryParam("consistency") @Parameter(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                                           @QueryParam("consistencyWait") @Parameter(description = RequestParams.CONSISTENCY_WAIT_DOC) String consistencyWait)
            throws Exception {
        int hits = RequestParams.k(k);
        MetadataFilter f = RequestParams.filter(filter);
        ExplainMode mode = RequestParams.explain(explain);
        List<FileUpload> parts = uploads == null ? List.of() : uploads;
        RequestParams.batchSize("the form fields named 'image'", parts.size(), search.settings().maxBatch());
        return writes.answer(writes.consistency(consistency, consistencyWait), () -> {
            BatchSlots<DecodedImage> slots = new BatchSlots<>();
            for (FileUpload part : parts) {
                slots.add(() -> images.fromUpload(part));
            }
            return search(slots, hits, f, mode);
        });
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "POST /search for each image given by url or base64, answered in one response in the order sent")
    @APIResponseSchema(value = BatchJson.ImagesResponse.class, responseCode = "200", responseDescription = "one entry per image, in order")
    public Uni<BatchJson.ImagesResponse> json(BatchJson.ImagesRequest request) throws Exception {
        if (request == null) {
            throw new BadRequestException("the request body must be JSON {images: [{url | base64}, ...], k, filter, explain}");
        }
        int hits = RequestParams.k(request.k());
        MetadataFilter f = RequestParams.filter(request.filter());
        ExplainMode mode = RequestParams.explain(request.explain());
        List<ApiJson.ImageJson> sent = request.images() == null ? List.of() : request.images();
        RequestParams.batchSize("images", sent.size(), search.settings().maxBatch());
        return writes.answer(writes.consistency(request.consistency(), request.consistencyWait()), () -> {
            BatchSlots<DecodedImage> slots = new BatchSlots<>();
            for (ApiJson.ImageJson image : sent) {
                slots.add(() -> images.fromJson(image));
            }
            return search(slots, hits, f, mode);
        });
    }

    private BatchJson.ImagesResponse search(BatchSlots<DecodedImage> slots, int k, MetadataFilter filter, ExplainMode mode) throws Exception {
        Timer.Sample sample = Timer.start(metrics);
        BatchResult batch = search.byImages(slots.ready(), k, filter, mode);
        sample.stop(SearchTimers.search(metrics, mode, "images-batch"));
        List<BatchSlots.Answer> answers = slots.answers(batch);
        List<BatchJson.ImageEntry> entries = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            entries.add(new BatchJson.ImageEntry(i, answers.get(i).result(), answers.get(i).error()));
        }
        return new BatchJson.ImagesResponse(entries, ApiJson.TimingsJson.of(batch.timings()));
    }
}
