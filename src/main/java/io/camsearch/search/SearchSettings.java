package io.camsearch.search;

/**
 * @param maxK the largest k a request may ask for
 * @param threshold the localization threshold t of every box (largest region above t x max)
 * @param heatmapMaxSide the longest side a heatmap image is drawn at
 * @param maxConceptItems the most items a concept's mean proxy averages
 */
public record SearchSettings(int maxK, double threshold, int heatmapMaxSide, int maxConceptItems) {

    public SearchSettings {
        if (maxK < 1 || !(threshold > 0 && threshold <= 1) || heatmapMaxSide < 16 || maxConceptItems < 1) {
            throw new IllegalArgumentException("invalid search settings: maxK " + maxK + ", threshold " + threshold + ", heatmap max side "
                    + heatmapMaxSide + ", max concept items " + maxConceptItems);
        }
    }
}
