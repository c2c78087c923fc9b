package io.camsearch.search;

import java.util.List;

/**
 * What a search (or an explain request) answers.
 *
 * @param searchId the id under which the heatmap images can be fetched for a while
 * @param queryWidth the query image's width in pixels (the item's original size for an item query)
 * @param queryHeight the query image's height
 * @param hits best first
 * @param timings where the time went, in milliseconds
 */
public record SearchResult(String searchId, int queryWidth, int queryHeight, ExplainMode explain, List<ExplainedHit> hits, Timings timings) {

    public record Timings(double embedMillis, double searchMillis, double explainMillis) {}
}
