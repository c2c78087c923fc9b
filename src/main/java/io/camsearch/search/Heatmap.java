package io.camsearch.search;

import io.camsearch.cam.Box;
import io.camsearch.cam.Explanation;
import io.camsearch.cam.Grid;
import java.util.Optional;

/**
 * One heatmap as a search answers it: the signed map S on the feature grid, the heatmap ReLU(S)
 * normalized to [0, 1], its peak before normalizing (comparable across the hits of one query), and
 * the localized box in the pixels of the image it explains.
 */
public record Heatmap(Grid signedMap, Grid normalized, double peak, Optional<Box> box) {

    /**
     * The box is localized on the map upsampled to at most this many pixels a side and scaled back:
     * a box to the pixel of a 6000-pixel photo is not worth a 36-megapixel connected-component pass.
     */
    static final int LOCALIZATION_SIDE = 1024;

    static Heatmap of(Grid signedMap, int imageWidth, int imageHeight, double threshold) {
        double scale = Math.min(1.0, (double) LOCALIZATION_SIDE / Math.max(imageWidth, imageHeight));
        int width = Math.max(1, (int) Math.round(imageWidth * scale));
        int height = Math.max(1, (int) Math.round(imageHeight * scale));
        Explanation explanation = Explanation.of(signedMap, width, height, threshold);
        Optional<Box> box = explanation.box().map(b -> scale == 1.0 ? b : scaleBox(b, imageWidth / (double) width, imageHeight / (double) height, imageWidth, imageHeight));
        Grid heat = explanation.heatmap();
        return new Heatmap(signedMap, heat.normalized(), heat.max(), box);
    }

    private static Box scaleBox(Box b, double sx, double sy, int maxWidth, int maxHeight) {
        int x = (int) Math.floor(b.x() * sx);
        int y = (int) Math.floor(b.y() * sy);
        int right = Math.min(maxWidth, (int) Math.ceil(b.right() * sx));
        int bottom = Math.min(maxHeight, (int) Math.ceil(b.bottom() * sy));
        return new Box(x, y, Math.max(1, right - x), Math.max(1, bottom - y));
    }
}
