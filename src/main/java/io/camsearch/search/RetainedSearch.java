package io.camsearch.search;

import io.camsearch.cam.Grid;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What is kept of a search to draw its heatmaps later: the query as displayed (scaled down) and
 * each entry's signed maps. Grids are a few hundred floats each; the images are small.
 */
record RetainedSearch(BufferedImage queryDisplay, List<Entry> entries) {

    /**
     * @param itemId the hit (null for a concept, which has no image of its own)
     * @param onQuery the signed map on the query, or null
     * @param onHit the signed map on the hit, or null
     */
    record Entry(String itemId, Grid onQuery, Grid onHit) {}
}
