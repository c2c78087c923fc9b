package io.camsearch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camsearch.search.SearchResult;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON of the batch and recommendation endpoints: several queries, one answer. */
public final class BatchJson {

    private BatchJson() {}

    @Schema(description = "Similar items for each listed item (POST /items/similar)")
    public record ItemsRequest(@Schema(description = "item ids, 1..max-batch; answered in this order") List<String> ids,
                               @Schema(description = "number of hits per id, 1..max-k", defaultValue = "10") Integer k,
                               @Schema(description = "metadata filter for every id, e.g. category=shoe,bag;price=10..50") String filter,
                               @Schema(description = "none, query or both", defaultValue = "query") String explain,
                               @Schema(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                               @Schema(description = RequestParams.CONSISTENCY_WAIT_DOC) Integer consistencyWait) {}

    @Schema(description = "A search for each image (POST /search/batch as JSON)")
    public record ImagesRequest(@Schema(description = "images, 1..max-batch; answered in this order") List<ApiJson.ImageJson> images,
                                @Schema(description = "number of hits per image, 1..max-k", defaultValue = "10") Integer k,
                                @Schema(description = "metadata filter for every image") String filter,
                                @Schema(description = "none, query or both", defaultValue = "query") String explain,
                                @Schema(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                                @Schema(description = RequestParams.CONSISTENCY_WAIT_DOC) Integer consistencyWait) {}

    @Schema(description = "What was wrong with one query of a batch: the code, status and message a single request for it would have been answered with")
    public record EntryError(String code, int status, String message) {
        static EntryError of(ClientError error) {
            return new EntryError(error.code(), error.status().getStatusCode(), error.message());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One id's answer: its result, or its error (never both)")
    public record ItemEntry(String id, ApiJson.SearchResponse result, EntryError error) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One image's answer, by its 0-based position in the request: its result, or its error (never both)")
    public record ImageEntry(int index, ApiJson.SearchResponse result, EntryError error) {}

    @Schema(description = "One entry per id, in the order asked; timings (milliseconds) of the whole batch")
    public record ItemsResponse(List<ItemEntry> results, ApiJson.TimingsJson timings) {}

    @Schema(description = "One entry per image, in the order sent; timings (milliseconds) of the whole batch, decoding excluded")
    public record ImagesResponse(List<ImageEntry> results, ApiJson.TimingsJson timings) {}

    @Schema(description = "More like these: positive examples (item ids and images), negative item ids; the query is "
            + "normalize(mean(positives) - 0.5 mean(negatives)) over unit embeddings (Rocchio; the direction of Qdrant's average_vector)")
    public record RecommendRequest(@Schema(description = "ids of items the customer liked") List<String> positive,
                                   @Schema(description = "ids of items the customer did not like") List<String> negative,
                                   @Schema(description = "images the customer liked (url or base64), positive examples too") List<ApiJson.ImageJson> images,
                                   @Schema(description = "number of hits, 1..max-k", defaultValue = "10") Integer k,
                                   @Schema(description = "metadata filter") String filter,
                                   @Schema(description = "none, or hit: a heatmap on each hit for the positives' mean", defaultValue = "hit")
                                   String explain,
                                   @Schema(description = RequestParams.CONSISTENCY_DOC) List<String> consistency,
                                   @Schema(description = RequestParams.CONSISTENCY_WAIT_DOC) Integer consistencyWait) {}

    @Schema(description = "The nearest items to the recommendation query, examples excluded; each hit's onHit heatmap shows what it "
            + "shares with the positives (their normalized mean as proxy)")
    public record RecommendResponse(int positives, int negatives, String explain, List<ApiJson.HitJson> hits,
                                    @Schema(description = "milliseconds") ApiJson.TimingsJson timings) {
        static RecommendResponse of(SearchResult result, int positives, int negatives) {
            return new RecommendResponse(positives, negatives, result.explain().onHit() ? "hit" : "none", ApiJson.SearchResponse.of(result).hits(),
                    ApiJson.TimingsJson.of(result.timings()));
        }
    }
}
