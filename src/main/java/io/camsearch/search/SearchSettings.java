package io.camsearch.search;

import io.camsearch.cam.Localizer;
import java.time.Duration;

/**
 * The service's limits on searches; made once from {@code camsearch.search.*} (see
 * {@code service/ServiceSettings}); tests change what they need by name with the {@code with}
 * methods.
 *
 * @param maxK the largest k a request may ask for
 * @param threshold the localization threshold t of every box (largest region above t x max)
 * @param heatmapMaxSide the longest side a heatmap image is drawn at
 * @param maxConceptItems the most items a concept's mean proxy averages
 * @param maxBatch the most queries in one batch, and the most examples in one recommendation
 * @param maxConsistencyWait the longest a search waits for the writes it names (read your writes)
 */
public record SearchSettings(int maxK, double threshold, int heatmapMaxSide, int maxConceptItems, int maxBatch, Duration maxConsistencyWait) {

    // The service's defaults, written once: the configuration mapping's @WithDefault names these,
    // and tools that search without the service (bench-explain) start from DEFAULT.
    public static final int DEFAULT_MAX_K = 100;
    public static final int DEFAULT_HEATMAP_MAX_SIDE = 512;
    public static final int DEFAULT_MAX_CONCEPT_ITEMS = 10_000;
    public static final int DEFAULT_MAX_BATCH = 50;
    public static final int DEFAULT_MAX_CONSISTENCY_WAIT_SECONDS = 5;
    public static final SearchSettings DEFAULT = new SearchSettings(DEFAULT_MAX_K, Localizer.DEFAULT_THRESHOLD, DEFAULT_HEATMAP_MAX_SIDE,
            DEFAULT_MAX_CONCEPT_ITEMS, DEFAULT_MAX_BATCH, Duration.ofSeconds(DEFAULT_MAX_CONSISTENCY_WAIT_SECONDS));

    public SearchSettings {
        if (maxK < 1 || !(threshold > 0 && threshold <= 1) || heatmapMaxSide < 16 || maxConceptItems < 1 || maxBatch < 1
                || maxConsistencyWait == null || maxConsistencyWait.isNegative()) {
            throw new IllegalArgumentException("invalid search settings: maxK " + maxK + ", threshold " + threshold + ", heatmap max side "
                    + heatmapMaxSide + ", max concept items " + maxConceptItems + ", max batch " + maxBatch + ", max consistency wait " + maxConsistencyWait);
        }
    }

    public SearchSettings withMaxK(int k) {
        return new SearchSettings(k, threshold, heatmapMaxSide, maxConceptItems, maxBatch, maxConsistencyWait);
    }

    public SearchSettings withHeatmapMaxSide(int side) {
        return new SearchSettings(maxK, threshold, side, maxConceptItems, maxBatch, maxConsistencyWait);
    }

    public SearchSettings withMaxConceptItems(int items) {
        return new SearchSettings(maxK, threshold, heatmapMaxSide, items, maxBatch, maxConsistencyWait);
    }
}
