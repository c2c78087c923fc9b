package io.camsearch.search;

import io.camsearch.cam.Colormap;
import io.camsearch.cam.Explanation;
import io.camsearch.cam.Grid;
import io.camsearch.cam.OverlayRenderer;
import java.awt.image.BufferedImage;

/** Draws a signed map on the image it explains: as the coloured heatmap alone, or blended over the image; with its box. */
final class HeatmapImages {

    private HeatmapImages() {}

    /** The heatmap in colour at the image's size, with its box: for a page that blends it itself (an opacity slider). */
    static BufferedImage heatmap(BufferedImage image, Grid signedMap, double threshold) {
        Explanation explanation = Explanation.of(signedMap, image.getWidth(), image.getHeight(), threshold);
        BufferedImage colored = new OverlayRenderer(Colormap.TURBO, 1.0).colorize(explanation.imageMap());
        explanation.box().ifPresent(box -> OverlayRenderer.drawBox(colored, box, OverlayRenderer.PREDICTED_BOX_RGB));
        return colored;
    }

    /** The heatmap blended over the image with the given opacity, with its box. */
    static BufferedImage overlay(BufferedImage image, Grid signedMap, double threshold, double alpha) {
        Explanation explanation = Explanation.of(signedMap, image.getWidth(), image.getHeight(), threshold);
        BufferedImage blended = new OverlayRenderer(Colormap.TURBO, alpha).overlay(image, explanation.imageMap());
        explanation.box().ifPresent(box -> OverlayRenderer.drawBox(blended, box, OverlayRenderer.PREDICTED_BOX_RGB));
        return blended;
    }
}
