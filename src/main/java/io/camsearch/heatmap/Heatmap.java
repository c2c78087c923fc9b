package io.camsearch.heatmap;

import io.camsearch.cam.Box;
import io.camsearch.cam.Explanation;
import io.camsearch.cam.Grid;
import java.util.Optional;

/**
 * One heatmap as a search answers it: its {@link HeatmapToken} (the heatmap ReLU(S) normalized to
 * [0, 1] on the feature grid, quantized; the size of the image it explains; the localized box in
 * that image's pixels), the form its images are drawn from, and its peak before normalizing
 * (comparable across the hits of one query).
 */
public record Heatmap(HeatmapToken token, double peak) {

    /**
     * The box is localized on the map upsampled to at most this many pixels a side and scaled back:
     * a box to the pixel of a 6000-pixel photo is not worth a 36-megapixel connected-component pass.
     */
    public static final int LOCALIZATION_SIDE = 1024;

    public static Heatmap of(Grid signedMap, int imageWidth, int imageHeight, double threshold) {
        return new Heatmap(HeatmapToken.of(signedMap, imageWidth, imageHeight, threshold), signedMap.relu().max());
    }

    /** ReLU(S) normalized to [0, 1] on the feature grid. */
    public Grid normalized() {
        return token.map();
    }

    /** The localized box in the pixels of the image the heatmap explains; empty when nothing supports the proxy. */
    public Optional<Box> box() {
        return token.box();
    }

    /** The box of a [0, 1] map over an image of the given size: the largest region above {@code threshold} x max, in its pixels. */
    public static Optional<Box> localize(Grid map, int imageWidth, int imageHeight, double threshold) {
        double scale = Math.min(1.0, (double) LOCALIZATION_SIDE / Math.max(imageWidth, imageHeight));
        int width = Math.max(1, (int) Math.round(imageWidth * scale));
        int height = Math.max(1, (int) Math.round(imageHeight * scale));
        Optional<Box> box = Explanation.of(map, width, height, threshold).box();
        return box.map(b -> width == imageWidth && height == imageHeight ? b : scale(b, width, height, imageWidth, imageHeight));
    }

    /** A box in the pixels of a {@code fromWidth x fromHeight} image, in those of the same image drawn at {@code toWidth x toHeight}. */
    public static Box scale(Box b, int fromWidth, int fromHeight, int toWidth, int toHeight) {
        double sx = toWidth / (double) fromWidth;
        double sy = toHeight / (double) fromHeight;
        int x = Math.min(toWidth - 1, (int) Math.floor(b.x() * sx));
        int y = Math.min(toHeight - 1, (int) Math.floor(b.y() * sy));
        int right = Math.min(toWidth, (int) Math.ceil(b.right() * sx));
        int bottom = Math.min(toHeight, (int) Math.ceil(b.bottom() * sy));
        return new Box(x, y, Math.max(1, right - x), Math.max(1, bottom - y));
    }
}
