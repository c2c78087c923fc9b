package io.camsearch.api;

import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.heatmap.HeatmapToken;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.MetadataFilter;
import io.camsearch.search.BatchResult;
import io.camsearch.search.ExplainMode;
import io.camsearch.search.NoSuchItemException;
import io.camsearch.search.SearchResult;
import io.camsearch.search.VisualSearch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** Catalog items: one item, its image, and the items similar to it. */
@APIResponse(responseCode = "400", description = ApiErrors.DOC_400,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "409", description = ApiErrors.DOC_409,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "404", description = ApiErrors.DOC_404,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@APIResponse(responseCode = "500", description = ApiErrors.DOC_500,
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
@Path("/items")
public class ItemsResource {

    @Inject
    CatalogIndex index;

    @Inject
    VisualSearch search;

    @Inject
    MeterRegistry metrics;

    @Inject
    ReadYourWrites writes;

    /** Items a page holds unless the request says otherwise, and at most. */
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /**
     * Deepest offset paging goes (as Elasticsearch's index.max_result_window): each offset page
     * sorts everything before it again, and offsets shift under a changing catalog. Past it, the
     * cursor walks any depth at the cost of one page.
     */
    static final int MAX_OFFSET = 10_000;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Browse the catalog in id order: items matching the filter (all by default), a page at a time. Walk with the "
            + "cursor: each answer's 'next', passed as ?cursor= with the same filter, gives the page after it as the catalog is then "
            + "(items present for the whole walk come exactly once; deleted ones stop coming; new ones come if their id sorts after "
            + "the cursor). Offset paging goes to offset " + MAX_OFFSET + " at most; limit is 1.." + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")")
    @APIResponseSchema(value = ApiJson.ItemPage.class, responseCode = "200", responseDescription = "a page of matching items")
    public ApiJson.ItemPage list(@QueryParam("filter") @Parameter(description = "e.g. category=shoe; each page of a walk repeats the first's")
                                 String filter,
                                 @QueryParam("offset") @Parameter(description = "0.." + MAX_OFFSET + "; not with a cursor") String offset,
                                 @QueryParam("limit") @Parameter(description = "1.." + MAX_LIMIT + ", default " + DEFAULT_LIMIT) String limit,
                                 @QueryParam("cursor") @Parameter(description = "the 'next' of the previous page") String cursor)
            throws IOException {
        int size = RequestParams.count("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        MetadataFilter walked = RequestParams.filter(filter);
        if (cursor != null) {
            if (offset != null) {
                throw new BadRequestException("offset and cursor exclude each other: a cursor already says where its page starts");
            }
            ItemCursor at = ItemCursor.decode(cursor);
            return page(index.pageAfter(at.check(walked), at.after(), size), null, walked);
        }
        int from = RequestParams.count("offset", offset, 0, 0, Integer.MAX_VALUE);
        if (from > MAX_OFFSET) {
            throw new BadRequestException("OFFSET_TOO_LARGE", Response.Status.BAD_REQUEST, "offset may be at most " + MAX_OFFSET + ", got "
                    + from + "; to page deeper, walk with the cursor: pass each answer's 'next' as ?cursor= (with the same filter)");
        }
        return page(index.pageAt(walked, from, size), from, walked);
    }

    private static ApiJson.ItemPage page(CatalogIndex.Page page, Integer offset, MetadataFilter filter) {
        List<ApiJson.ItemSummary> items = new ArrayList<>(page.items().size());
        for (CatalogItem item : page.items()) {
            items.add(new ApiJson.ItemSummary(item.id(), item.metadata(), ApiJson.imageUrl(item)));
        }
        String next = page.more() ? ItemCursor.after(page.items().getLast().id(), filter).encode() : null;
        return new ApiJson.ItemPage(page.total(), offset, items, next);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An item: metadata, image URL, embedding")
    @APIResponseSchema(value = ApiJson.ItemJson.class, responseCode = "200", responseDescription = "the item")
    public ApiJson.ItemJson item(@PathParam("id") String id) throws IOException {
        return ApiJson.ItemJson.of(find(RequestParams.id("the path's item id", id)));
    }

    @GET
    @Path("{id}/image")
    @Produces({"image/jpeg", "image/png"})
    @Operation(summary = "The item's stored thumbnail: its original when that already fits (JPEG or PNG), else a JPEG")
    @APIResponse(responseCode = "200", description = "the thumbnail", content = {
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Response image(@PathParam("id") String id) throws IOException {
        CatalogItem item = find(RequestParams.id("the path's item id", id));
        if (item.thumbnail() == null) {
            return ApiErrors.error(Response.Status.NOT_FOUND, "NO_IMAGE", "item '" + id + "' was indexed without an image");
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(60);
        // A kept original is the submitter's file: the type is the one it was checked to be, never sniffed.
        return Response.ok(item.thumbnail().bytes(), item.thumbnail().mediaType()).cacheControl(cache)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("{id}/overlay.png")
    @Produces("image/png")
    @Operation(summary = "A heatmap (map = the token of a search answer's heatmap on this item) blended over the item's stored thumbnail, "
            + "with its box; alpha in [0,1] (default 0.5)")
    @APIResponse(responseCode = "200", description = "the overlay", content =
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response overlay(@PathParam("id") String id, @QueryParam("map") String map, @QueryParam("alpha") String alpha) throws IOException {
        RequestParams.id("the path's item id", id);
        HeatmapToken token = RequestParams.heatmap("map", map);
        double opacity = RequestParams.alpha(alpha);
        Optional<BufferedImage> overlay = search.overlayOnItem(id, token, opacity);
        if (overlay.isEmpty()) {
            return ApiErrors.error(Response.Status.NOT_FOUND, "NO_IMAGE", "item '" + id + "' was indexed without an image");
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(60);
        return Response.ok(HeatmapRenderer.png(overlay.get()), "image/png").cacheControl(cache).build();
    }

    @GET
    @Blocking
    @Path("{id}/similar")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "503", description = ApiErrors.DOC_503,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
    @Operation(summary = "The items nearest to this one (itself excluded), with heatmaps from the stored CAM bases")
    @APIResponseSchema(value = ApiJson.SearchResponse.class, responseCode = "200", responseDescription = "the nearest items, best first")
    public Uni<ApiJson.SearchResponse> similar(@PathParam("id") String id, @QueryParam("k") String k, @QueryParam("filter") String filter,
                                               @QueryParam("explain") String explain,
                                               @QueryParam("consistency") @Parameter(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                                               @QueryParam("consistencyWait") @Parameter(description = RequestParams.CONSISTENCY_WAIT_DOC)
                                               String consistencyWait) throws Exception {
        RequestParams.id("the path's item id", id);
        int hits = RequestParams.k(k);
        var f = RequestParams.filter(filter);
        ExplainMode mode = RequestParams.explain(explain);
        return writes.answer(writes.consistency(consistency, consistencyWait), () -> {
            Timer.Sample sample = Timer.start(metrics);
            SearchResult result = search.byItem(id, hits, f, mode);
            sample.stop(SearchTimers.search(metrics, mode, "item"));
            return ApiJson.SearchResponse.of(result);
        });
    }

    /**
     * Here rather than in a resource of its own at /items/similar: a root path that long would take
     * GET /items/similar (an item named "similar") and its subpaths away from this class.
     */
    @POST
    @Blocking
    @Path("similar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GET /items/{id}/similar for each listed id, answered in one response in the order asked; an unknown or "
            + "invalid id is an error entry of its own, the others are answered (at most camsearch.search.max-batch ids)")
    @APIResponseSchema(value = BatchJson.ItemsResponse.class, responseCode = "200", responseDescription = "one entry per id, in order")
    @APIResponse(responseCode = "503", description = ApiErrors.DOC_503,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiJson.ErrorJson.class)))
    public Uni<BatchJson.ItemsResponse> similarBatch(BatchJson.ItemsRequest request) throws Exception {
        if (request == null) {
            throw new BadRequestException("the request body must be JSON {ids: [...], k, filter, explain}");
        }
        int k = RequestParams.k(request.k());
        MetadataFilter filter = RequestParams.filter(request.filter());
        ExplainMode mode = RequestParams.explain(request.explain());
        List<String> ids = request.ids() == null ? List.of() : request.ids();
        RequestParams.batchSize("ids", ids.size(), search.settings().maxBatch());
        Consistency consistency = writes.consistency(request.consistency(), request.consistencyWait());
        return writes.answer(consistency, () -> similar(ids, k, filter, mode));
    }

    private BatchJson.ItemsResponse similar(List<String> ids, int k, MetadataFilter filter, ExplainMode mode) throws Exception {
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

    private CatalogItem find(String id) throws IOException {
        return index.get(id).orElseThrow(() -> new NoSuchItemException(id));
    }
}
