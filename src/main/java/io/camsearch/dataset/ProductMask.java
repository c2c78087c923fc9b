package io.camsearch.dataset;

import io.camsearch.cam.Box;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * Ground truth from the product's own layer. A pixel belongs to the product when the outline
 * covers at least half of it, the rule a careful annotator follows at an antialiased edge.
 */
final class ProductMask {

    /** Alpha at or above this (of 255) is at least half coverage. */
    private static final int HALF_COVERAGE = 128;

    private ProductMask() {
    }

    /** A {@code TYPE_BYTE_GRAY} mask, 255 on the product and 0 elsewhere, of an ARGB product layer. */
    static BufferedImage of(BufferedImage layer) {
        BufferedImage mask = new BufferedImage(layer.getWidth(), layer.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster out = mask.getRaster();
        for (int y = 0; y < layer.getHeight(); y++) {
            for (int x = 0; x < layer.getWidth(); x++) {
                int alpha = layer.getRGB(x, y) >>> 24;
                out.setSample(x, y, 0, alpha >= HALF_COVERAGE ? 255 : 0);
            }
        }
        return mask;
    }

    /**
     * The smallest box that holds every foreground pixel of a mask.
     *
     * @throws IllegalStateException when the mask is empty: every placement keeps the product
     *     inside the image and at least a quarter of its side, so this is a generator bug
     */
    static Box tightBox(BufferedImage mask) {
        int left = Integer.MAX_VALUE;
        int top = Integer.MAX_VALUE;
        int right = -1;
        int bottom = -1;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                if (mask.getRaster().getSample(x, y, 0) != 0) {
                    left = Math.min(left, x);
                    top = Math.min(top, y);
                    right = Math.max(right, x);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            throw new IllegalStateException("the product mask is empty");
        }
        return new Box(left, top, right - left + 1, bottom - top + 1);
    }
}
