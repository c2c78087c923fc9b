package io.camsearch.search;

import java.time.Duration;

/**
 * @param maxK the largest k a request may ask for
 * @param threshold the localization threshold t of every box (largest region above t x max)
 * @param queryDisplaySide the longer side of the query image kept to draw its heatmaps
 * @param maxConceptItems the most items a concept's mean proxy averages
 * @param retainedSearches searches whose heatmap images stay fetchable
 * @param retention for how long
 */
public record SearchSettings(int maxK, double threshold, int queryDisplaySide, int maxConceptItems, int retainedSearches, Duration retention) {

    public SearchSettings {
        if (maxK < 1 || !(threshold > 0 && threshold <= 1) || queryDisplaySide < 16 || maxConceptItems < 1 || retainedSearches < 1
                || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("invalid search settings: maxK " + maxK + ", threshold " + threshold + ", query display side "
                    + queryDisplaySide + ", max concept items " + maxConceptItems + ", retained " + retainedSearches + ", retention " + retention);
        }
    }
}
