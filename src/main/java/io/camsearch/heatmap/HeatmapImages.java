package io.camsearch.heatmap;

import io.camsearch.heatmap.Colormap;
import io.camsearch.cam.Grid;
import io.camsearch.heatmap.OverlayRenderer;
import java.awt.image.BufferedImage;

/**
 * Draws a heatmap from its {@link HeatmapToken} alone: as the coloured map with its box, or
 * blended over the image it explains. Nothing here depends on the search that made the token,
 * which is what lets any replica answer a heatmap URL at any time. The box is the token's, the one
 * the search answered in the explained image's pixels, scaled to the drawn size.
 *
 * @param maxSide the longest side a heatmap is drawn at
 */
public record HeatmapImages(int maxSide) {

    /**
     * The heatmap in colour with its box, for a page that blends it over the image itself (an
     * opacity slider). Drawn at {@code width x height}; a size given as 0 follows the explained
     * image's aspect, and with both 0 the image's size scaled to fit {@link #maxSide}.
     */
    public BufferedImage heatmap(HeatmapToken token, int width, int height) {
        assert width >= 0 && width <= maxSide && height >= 0 && height <= maxSide : "drawn size " + width + " x " + height;
        int w = width;
        int h = height;
        if (w == 0 && h == 0) {
            double scale = Math.min(1.0, (double) maxSide / Math.max(token.imageWidth(), token.imageHeight()));
            w = side(token.imageWidth() * scale);
            h = side(token.imageHeight() * scale);
        } else if (w == 0) {
            w = Math.min(maxSide, side((double) h * token.imageWidth() / token.imageHeight()));
        } else if (h == 0) {
            h = Math.min(maxSide, side((double) w * token.imageHeight() / token.imageWidth()));
        }
        BufferedImage colored = new OverlayRenderer(Colormap.TURBO, 1.0).colorize(drawnMap(token, w, h));
        drawBox(colored, token);
        return colored;
    }

    /** The heatmap blended over {@code image} (the explained image at any size) with the given opacity, with its box. */
    public BufferedImage overlay(HeatmapToken token, BufferedImage image, double alpha) {
        BufferedImage blended = new OverlayRenderer(Colormap.TURBO, alpha).overlay(image, drawnMap(token, image.getWidth(), image.getHeight()));
        drawBox(blended, token);
        return blended;
    }

    /** The token's [0, 1] map upsampled to the drawn size, as the box was localized on it at the image's size. */
    private static Grid drawnMap(HeatmapToken token, int width, int height) {
        return token.map().upsampleBilinear(height, width);
    }

    private static void drawBox(BufferedImage canvas, HeatmapToken token) {
        token.box().ifPresent(b -> OverlayRenderer.drawBox(canvas,
                Heatmap.scale(b, token.imageWidth(), token.imageHeight(), canvas.getWidth(), canvas.getHeight()), OverlayRenderer.PREDICTED_BOX_RGB));
    }

    private static int side(double pixels) {
        return Math.max(1, (int) Math.round(pixels));
    }
}
