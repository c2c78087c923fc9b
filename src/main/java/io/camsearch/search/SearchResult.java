package io.camsearch.search;

import io.camsearch.index.CatalogItem;
import java.util.List;
import java.util.Optional;

/**
 * What a search (or an explain request) answers.
 *
 * @param queryItem the catalog item searched with, for an item query
 * @param queryWidth the query image's width in pixels (the item's original size for an item query)
 * @param queryHeight the query image's height
 * @param hits best first
 * @param timings where the time went, in milliseconds
 */
public record SearchResult(Optional<CatalogItem> queryItem, int queryWidth, int queryHeight, ExplainMode explain, List<ExplainedHit> hits, Timings timings) {

    public record Timings(double embedMillis, double searchMillis, double explainMillis) {}
}
