package io.camsearch.dataset;

import io.camsearch.cam.Box;
import java.awt.image.BufferedImage;

/**
 * One generated image with its ground truth, both derived from the product's own layer.
 *
 * @param image the picture, {@code TYPE_INT_RGB}
 * @param mask the product's segmentation, {@code TYPE_BYTE_GRAY}, 255 on the product and 0 elsewhere
 * @param box the tight box of the mask's foreground
 */
public record SyntheticImage(BufferedImage image, BufferedImage mask, Box box) {
}
