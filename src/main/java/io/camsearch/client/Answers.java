package io.camsearch.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The API's answers as records. Fields the service adds later are ignored, and fields it leaves
 * out are null, so a client built against this version keeps reading newer answers.
 */
public final class Answers {

    private Answers() {}

    /** The nearest items, best first (POST /search, GET /items/{id}/similar, POST /explain with ids). */
    public record SearchAnswer(Query query, String explain, List<Hit> hits, Timings timings) {}

    /** The query's size; for an item query its id and image. */
    public record Query(int width, int height, String imageUrl, String itemId) {}

    /**
     * One hit: cosine {@code score}, and the heatmaps that explain it: {@code onQuery} on the query
     * image, {@code onHit} on the hit's (each null unless asked for by {@link Explain}).
     */
    public record Hit(int rank, String id, double score, Map<String, Object> metadata, String imageUrl, Heatmap onQuery, Heatmap onHit,
                      Match matchesOnHit) {}

    /** A region of a heatmap and its share of the map's score. */
    public record Region(Box box, double share) {}

    /** With both heatmaps: the query's top region and the region of the hit that matches it. */
    public record Match(Region query, Region hit) {}

    /** A heatmap: the grid normalized to [0,1], its peak before that, its box (or null), image URLs (relative to the service), its score and top regions. */
    public record Heatmap(Grid grid, double peak, Box box, String heatmapUrl, String overlayUrl, double score, List<Region> regions) {}

    public record Grid(int height, int width, float[] values) {}

    /** In pixels of the image the heatmap explains. */
    public record Box(int x, int y, int width, int height) {}

    /** Milliseconds spent embedding, searching and explaining. */
    public record Timings(double embed, double search, double explain) {}

    /** POST /explain with a concept: one heatmap for the mean of the concept's items. */
    public record ConceptAnswer(Query query, int members, int matched, double score, Heatmap heatmap, Timings timings) {}

    /** GET /items/{id}: the item with its embedding. */
    public record Item(String id, Map<String, Object> metadata, String imageUrl, Integer width, Integer height, float[] embedding,
                       boolean hasCamBasis) {}

    /** An item as GET /items lists it. */
    public record ItemSummary(String id, Map<String, Object> metadata, String imageUrl) {}

    /** A page of GET /items, in id order: {@code next} is the cursor of the page after it, null on the last. */
    public record ItemPage(int total, Integer offset, List<ItemSummary> items, String next) {}

    /** Which heatmaps a search computes. */
    public enum Explain {
        NONE, QUERY, BOTH
    }

    /**
     * Options of a search: null leaves the service's default (k 10, no filter, explain query, no
     * writes to wait for, and a wait of at most the service's bound).
     *
     * @param consistency writes the search must see (read your writes): it waits until the replica
     *     answering shows them, or answers 503 CONSISTENCY_TIMEOUT
     */
    public record SearchOptions(Integer k, String filter, Explain explain, List<WriteToken> consistency, Duration consistencyWait) {
        public static final SearchOptions DEFAULT = new SearchOptions(null, null, null, List.of(), null);

        public SearchOptions {
            consistency = consistency == null ? List.of() : List.copyOf(consistency);
        }

        public SearchOptions withK(int k) {
            return new SearchOptions(k, filter, explain, consistency, consistencyWait);
        }

        /** e.g. {@code category=shoe,bag;price=10..50} */
        public SearchOptions withFilter(String filter) {
            return new SearchOptions(k, filter, explain, consistency, consistencyWait);
        }

        public SearchOptions withExplain(Explain explain) {
            return new SearchOptions(k, filter, explain, consistency, consistencyWait);
        }

        /** Read your writes: the search first waits until the replica answering shows these writes (pass each item's last). */
        public SearchOptions withConsistency(List<WriteToken> writes) {
            return new SearchOptions(k, filter, explain, writes, consistencyWait);
        }

        /** The longest the search may wait for its writes (the service caps it at camsearch.search.max-consistency-wait). */
        public SearchOptions withConsistencyWait(Duration wait) {
            return new SearchOptions(k, filter, explain, consistency, wait);
        }
    }

    /** What was wrong with one query of a batch: the code, status and message a single call for it would have got. */
    public record EntryError(String code, int status, String message) {}

    /** One id's answer in POST /items/similar: its result or its error, never both. */
    public record ItemEntry(String id, SearchAnswer result, EntryError error) {}

    /** One image's answer in POST /search/batch, by its position in the request: its result or its error, never both. */
    public record ImageEntry(int index, SearchAnswer result, EntryError error) {}

    /** POST /items/similar: one entry per id, in the order asked. */
    public record ItemsBatchAnswer(List<ItemEntry> results, Timings timings) {}

    /** POST /search/batch: one entry per image, in the order sent. */
    public record ImagesBatchAnswer(List<ImageEntry> results, Timings timings) {}

    /** POST /recommend: the nearest items to the examples' query, the examples excluded. */
    public record RecommendAnswer(int positives, int negatives, String explain, List<Hit> hits, Timings timings) {}
}
