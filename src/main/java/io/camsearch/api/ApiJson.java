package io.camsearch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.GuidedGradCam;
import io.camsearch.index.CatalogItem;
import io.camsearch.search.ConceptResult;
import io.camsearch.search.ExplainedHit;
import io.camsearch.search.RegionMatch;
import io.camsearch.heatmap.GuidedImage;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.heatmap.HeatmapToken;
import io.camsearch.search.SearchResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON the API reads and writes. */
public final class ApiJson {

    private ApiJson() {}

    @Schema(description = "An image: exactly one of url (http, https, or file: under the configured root) and base64")
    public record ImageJson(String url, String base64) {}

    @Schema(description = "A search by image")
    public record SearchRequest(ImageJson image,
                                @Schema(description = "number of hits, 1..max-k", defaultValue = "10") Integer k,
                                @Schema(description = "metadata filter, e.g. category=shoe,bag;price=10..50") String filter,
                                @Schema(description = "none, query or both", defaultValue = "query") String explain,
                                @Schema(description = "score regions listed per heatmap, 0.." + Heatmap.MAX_REGIONS, defaultValue = "" + RequestParams.DEFAULT_REGIONS) Integer regions,
                                @Schema(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                                @Schema(description = RequestParams.CONSISTENCY_WAIT_DOC) Integer consistencyWait) {}

    @Schema(description = "Explain an image against catalog items (ids), or against a concept")
    public record ExplainRequest(ImageJson image, List<String> ids, ConceptJson concept,
                                 @Schema(description = "with ids: also each item's Guided Grad-CAM map on the image (guidedOnQuery; a backward "
                                         + "pass through the network per item, so only on request; not for TorchScript bundle models)",
                                         defaultValue = "false") Boolean guided) {}

    @Schema(description = "A concept: the normalized mean proxy of the listed items, or of the items matching the filter")
    public record ConceptJson(List<String> ids, String filter) {}

    public record GridJson(int height, int width, float[] values) {
        static GridJson of(Grid grid) {
            return new GridJson(grid.height(), grid.width(), grid.values());
        }
    }

    public record BoxJson(int x, int y, int width, int height) {
        static BoxJson of(Box box) {
            return new BoxJson(box.x(), box.y(), box.width(), box.height());
        }
    }

    @Schema(description = "A region of the signed map S that raises the score: a connected region of its positive cells on the feature "
            + "grid, its box in the pixels of the image the heatmap explains, and its share of the heatmap's score (the sum of S over the "
            + "region divided by the sum of S over the image)")
    public record RegionJson(BoxJson box, double share) {
        static RegionJson of(Heatmap.Region region) {
            return new RegionJson(BoxJson.of(region.box()), round4(region.share()));
        }

        /** A region under 0.00005 of the score would be listed with a share of 0: it does not visibly raise the score. */
        static boolean listed(Heatmap.Region region) {
            return round4(region.share()) > 0;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A heatmap: ReLU of the signed map, normalized to [0,1] on the feature grid; its peak before normalizing; "
            + "the localized box in the pixels of the image it explains (null when nothing supports the proxy); image URLs that carry "
            + "the map itself, so any replica answers them at any time: heatmapUrl (the colour map with its box; ?width=&height=) and, "
            + "when the image is a catalog item's, overlayUrl (blended over it; &alpha=)")
    public record HeatmapJson(GridJson grid, double peak, BoxJson box, String heatmapUrl, String overlayUrl,
                              @Schema(description = "the sum of the signed map S over the image: for a pool -> linear head exactly y.p - b.p "
                                      + "(the embedding y of the explained image, the proxy p, the head's bias b); for any other head the "
                                      + "linearized score sum_ij (dy/dA_ij . p) A_ij at this image") double score,
                              @Schema(description = "the top regions of S by their sum, largest first, disjoint (as many as the request's "
                                      + "regions asks, fewer when S has fewer positive regions with a share of at least 0.00005, none when the score is not positive); "
                                      + "shares of every positive region and of the negative cells add up to 1") List<RegionJson> regions,
                              @Schema(description = "the counterfactual map ReLU(-S): the regions that argue against the proxy "
                                      + "(\"what differs\")") CounterfactualJson counterfactual) {
        /** @param item the catalog item whose image the heatmap explains, or null for an image that came with the request */
        static HeatmapJson of(Heatmap heatmap, CatalogItem item) {
            return of(heatmap, item, RequestParams.DEFAULT_REGIONS);
        }

        static HeatmapJson of(Heatmap heatmap, CatalogItem item, int regions) {
            MapUrls urls = MapUrls.of(heatmap.token(), item);
            return new HeatmapJson(GridJson.of(heatmap.normalized()), heatmap.peak(), heatmap.box().map(BoxJson::of).orElse(null),
                    urls.heatmapUrl(), urls.overlayUrl(), heatmap.score(),
                    heatmap.regions().stream().filter(RegionJson::listed).limit(regions).map(RegionJson::of).toList(), CounterfactualJson.of(heatmap.counterfactual(), item));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A counterfactual map: ReLU of the negated signed map, ReLU(-S), normalized to [0,1] on the feature grid: the "
            + "regions of the image that lower its similarity to the proxy; its peak before normalizing, its box (null when no cell "
            + "argues against the proxy) and image URLs, all as for the heatmap")
    public record CounterfactualJson(GridJson grid, double peak, BoxJson box, String heatmapUrl, String overlayUrl) {
        static CounterfactualJson of(Heatmap.Counterfactual counterfactual, CatalogItem item) {
            MapUrls urls = MapUrls.of(counterfactual.token(), item);
            return new CounterfactualJson(GridJson.of(counterfactual.normalized()), counterfactual.peak(),
                    counterfactual.box().map(BoxJson::of).orElse(null), urls.heatmapUrl(), urls.overlayUrl());
        }
    }

    /** The image URLs of a map's token: null when the token is too large for a URL; no overlay unless the image is a catalog item's. */
    private record MapUrls(String heatmapUrl, String overlayUrl) {
        static MapUrls of(HeatmapToken token, CatalogItem item) {
            Optional<String> encoded = token.encoded();
            String overlay = item == null || item.thumbnail() == null ? null
                    : encoded.map(t -> "/items/" + pathSegment(item.id()) + "/overlay.png?map=" + t).orElse(null);
            return new MapUrls(encoded.map(t -> "/heatmaps/" + t + ".png").orElse(null), overlay);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HitJson(int rank, String id, double score, Map<String, Object> metadata, String imageUrl,
                          @Schema(description = "on the query image: what makes it similar to this hit") HeatmapJson onQuery,
                          @Schema(description = "on this hit's image: what makes it similar to the query") HeatmapJson onHit,
                          @Schema(description = "with both heatmaps: the query's top region and where this hit matches it") MatchJson matchesOnHit,
                          @Schema(description = "POST /explain with guided: the Guided Grad-CAM map on the query image for this item, a PNG "
                                  + "data URL at the model's input size (the guided gradient at the pixels times the upsampled heatmap)") String guidedOnQuery) {}

    @Schema(description = "'This pattern here matches that pattern there': query is the top region of the query's heatmap for this hit "
            + "(its share of that heatmap's score); hit is the top region of the hit's signed map for the part of the query's embedding "
            + "that the query region's features make (the sum of the CAM basis over its cells), with its share of that map's sum")
    public record MatchJson(RegionJson query, RegionJson hit) {
        static MatchJson of(RegionMatch match) {
            return new MatchJson(RegionJson.of(match.query()), RegionJson.of(match.hit()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The query's size; for an item query its id and image (an uploaded or fetched query image is not kept)")
    public record QueryJson(int width, int height, String imageUrl, String itemId) {}

    public record TimingsJson(double embed, double search, double explain) {
        static TimingsJson of(SearchResult.Timings t) {
            return new TimingsJson(round(t.embedMillis()), round(t.searchMillis()), round(t.explainMillis()));
        }
    }

    @Schema(description = "What POST /explain answers: hits (for ids) or a concept heatmap (for a concept)",
            oneOf = {SearchResponse.class, ConceptResponse.class})
    public sealed interface ExplainResponse permits SearchResponse, ConceptResponse {}

    public record SearchResponse(QueryJson query, String explain, List<HitJson> hits,
                                 @Schema(description = "milliseconds") TimingsJson timings) implements ExplainResponse {

        static SearchResponse of(SearchResult result) {
            return of(result, RequestParams.DEFAULT_REGIONS);
        }

        /** @param regions how many score regions each heatmap lists */
        static SearchResponse of(SearchResult result, int regions) {
            CatalogItem queryItem = result.queryItem().orElse(null);
            List<HitJson> hits = new ArrayList<>(result.hits().size());
            for (ExplainedHit hit : result.hits()) {
                hits.add(new HitJson(hit.rank(), hit.item().id(), round4(hit.cosine()), hit.item().metadata(), imageUrl(hit.item()),
                        hit.onQuery().map(h -> HeatmapJson.of(h, queryItem, regions)).orElse(null),
                        hit.onHit().map(h -> HeatmapJson.of(h, hit.item(), regions)).orElse(null),
                        hit.matchOnHit().map(MatchJson::of).orElse(null), hit.guidedOnQuery().map(ApiJson::pngDataUrl).orElse(null)));
            }
            QueryJson query = new QueryJson(result.queryWidth(), result.queryHeight(), queryItem == null ? null : imageUrl(queryItem),
                    queryItem == null ? null : queryItem.id());
            return new SearchResponse(query, result.explain().name().toLowerCase(), hits, TimingsJson.of(result.timings()));
        }
    }

    public record ConceptResponse(QueryJson query, int members, int matched, double score, HeatmapJson heatmap, TimingsJson timings)
            implements ExplainResponse {
        static ConceptResponse of(ConceptResult r) {
            return new ConceptResponse(new QueryJson(r.queryWidth(), r.queryHeight(), null, null), r.members(), r.matched(), round4(r.cosine()),
                    HeatmapJson.of(r.heatmap(), null), TimingsJson.of(r.timings()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemJson(String id, Map<String, Object> metadata, String imageUrl, Integer width, Integer height, float[] embedding,
                           boolean hasCamBasis) {
        static ItemJson of(CatalogItem item) {
            return new ItemJson(item.id(), item.metadata(), ApiJson.imageUrl(item),
                    item.thumbnail() == null ? null : item.thumbnail().originalWidth(),
                    item.thumbnail() == null ? null : item.thumbnail().originalHeight(), item.embedding(), item.basis() != null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemSummary(String id, Map<String, Object> metadata, String imageUrl) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A page of catalog items in id order: how many match in all, where this page starts (offset paging only), "
            + "its items, and the cursor of the page after it (absent on the last page)")
    public record ItemPage(int total, Integer offset, List<ItemSummary> items,
                           @Schema(description = "opaque; pass it as ?cursor= for the next page") String next) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "An error: a stable code, what was wrong and where; for a fault of the service (500), the id its log line carries")
    public record ErrorJson(String error, String message, String errorId) {
        ErrorJson(String error, String message) {
            this(error, message, null);
        }
    }

    static String imageUrl(CatalogItem item) {
        return item.thumbnail() == null ? null : "/items/" + pathSegment(item.id()) + "/image";
    }

    private static String pathSegment(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** A Guided Grad-CAM map as a PNG data URL: it has no stateless URL of its own (three channels at the input size do not fit in one). */
    private static String pngDataUrl(GuidedGradCam.Result guided) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(HeatmapRenderer.png(GuidedImage.rgb(guided)));
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
