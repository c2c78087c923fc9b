package io.camsearch.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.camsearch.support.CatalogImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeatmapTest {

    private static final double THRESHOLD = Localizer.DEFAULT_THRESHOLD;

    /**
     * The box localized on the small map, scaled to the image, against the box of the map upsampled
     * to the image's full size (what the explain command and the search computed before): on the
     * demo model's heatmaps of demo catalog images, for an upload's sizes from 128 to 4000 pixels.
     */
    @Test
    void theSmallMapsBoxIsTheFullResolutionBoxWithinAFractionOfAGridCell() throws Exception {
        List<Grid> maps = demoHeatmaps(6, 4);
        int[][] sizes = {{128, 128}, {1600, 1200}, {4000, 3000}};
        double worstInCells = 0;
        int compared = 0;
        int within = 0;
        for (int[] size : sizes) {
            int width = size[0];
            int height = size[1];
            for (Grid map : maps) {
                Grid normalized = map.relu().normalized();
                Optional<Box> full = new Localizer(THRESHOLD).localize(normalized.upsampleBilinear(height, width));
                Optional<Box> small = Heatmap.localize(normalized, width, height, THRESHOLD);
                assertEquals(full.isPresent(), small.isPresent(), "a box on the small map exactly when there is one at full size");
                if (full.isEmpty()) {
                    continue;
                }
                double cellWidth = (double) width / map.width();
                double cellHeight = (double) height / map.height();
                Box f = full.get();
                Box s = small.get();
                double edge = Math.max(
                        Math.max(Math.abs(f.x() - s.x()), Math.abs(f.right() - s.right())) / cellWidth,
                        Math.max(Math.abs(f.y() - s.y()), Math.abs(f.bottom() - s.bottom())) / cellHeight);
                worstInCells = Math.max(worstInCells, edge);
                within += edge <= 0.55 ? 1 : 0;
                compared++;
            }
        }
        System.out.printf("small-map box vs full resolution: %d boxes, %d within 0.55 cells, worst edge %.3f grid cells%n", compared, within,
                worstInCells);
        assertTrue(compared >= 60, compared + " boxes compared");
        // Measured with the weights of December 4 (morning): all 72 boxes within 0.522 cells (a pixel of the
        // 64-pixel map is 0.19 of a cell). With the later weights (sparsity 0.25, less peaked maps): 68 of 72
        // within 0.55, worst 3.364 cells. The four are two maps at 1600 and 4000 px, and in both the
        // small map joins two above-threshold regions that stay apart at full resolution (shares of the
        // map above threshold, largest first: map 10 full 0.065 + 0.055 separate, small 0.119 joined;
        // map 9 full 0.119 with a 0.022 neighbour, small 0.158). Interpolating a 12-cell map to 64 or to
        // 1600 pixels differs most on one-cell bridges; the maps are near-ties, not a coordinate error.
        // With the weights of December 4 (night: 40 images a wide class, sparsity 0.15): 69 of 72 within
        // 0.55, worst 0.750 cells; the same weights with mirror views (December 5): all 72, worst 0.164.
        assertTrue(within >= 0.9 * compared, within + " of " + compared + " boxes within 0.55 of a grid cell, worst " + worstInCells + " cells");
    }

    /** For each of {@code classes} x {@code perClass} demo images, its heatmap for the next image's embedding as proxy (as a search's onQuery map). */
    static List<Grid> demoHeatmaps(int classes, int perClass) throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            List<AnalyzedImage> images = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < perClass; i++) {
                    images.add(explainer.analyze(CatalogImages.png(c, i)));
                }
            }
            List<Grid> maps = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                Proxy proxy = Proxy.singlePoint(images.get((i + 1) % images.size()).features().embedding());
                maps.add(images.get(i).features().signedMap(proxy));
            }
            return maps;
        }
    }
}
