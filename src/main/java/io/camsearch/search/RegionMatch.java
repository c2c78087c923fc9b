package io.camsearch.search;

import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.ScoreRegions;
import io.camsearch.heatmap.Heatmap;
import java.util.List;
import java.util.Optional;

/**
 * "This pattern here matches that pattern there": the query's top score region and the hit's
 * region that matches it best.
 *
 * <p>The query's top region R is the top region of the query's signed map for the hit's embedding
 * ({@link ScoreRegions}). The features of R make the part {@code v = sum_{ij in R} B_ij} of the
 * query's embedding (its CAM basis' columns; for a pool -> linear head exactly R's share of {@code
 * y - b}). The hit's signed map for {@code v} as proxy says, cell by cell, how much each part of
 * the hit's image agrees with what R contributes; its sum is {@code v . (y_hit - b)} for a pool
 * -> linear head, the part of the query-hit similarity that R takes part in, up to the bias terms.
 * The hit's region is that map's top region, and its share is its part of that sum.
 *
 * @param query the query's top region: its box on the query image and its share of the query map's score
 * @param hit the hit's matching region: its box on the hit's image and its share of the hit map's sum for R's part as proxy
 */
public record RegionMatch(Heatmap.Region query, Heatmap.Region hit) {

    /**
     * @param queryMap the query's signed map for the hit's embedding
     * @return empty when the query map's score or the hit map's sum is not positive (no share to give)
     */
    static Optional<RegionMatch> of(Grid queryMap, CamBasis queryBasis, int queryWidth, int queryHeight,
                                    CamBasis hitBasis, int hitWidth, int hitHeight) {
        double score = queryMap.sum();
        List<Heatmap.Region> queryRegions = Heatmap.regions(queryMap, score, queryWidth, queryHeight);
        if (queryRegions.isEmpty()) {
            return Optional.empty();
        }
        ScoreRegions.Region top = ScoreRegions.of(queryMap).get(0);
        Grid hitMap = hitBasis.signedMap(new Proxy(queryBasis.partOf(top.cells())));
        List<Heatmap.Region> hitRegions = Heatmap.regions(hitMap, hitMap.sum(), hitWidth, hitHeight);
        return hitRegions.isEmpty() ? Optional.empty() : Optional.of(new RegionMatch(queryRegions.get(0), hitRegions.get(0)));
    }
}
