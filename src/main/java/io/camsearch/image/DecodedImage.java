package io.camsearch.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image as {@link ImageDecoder} returns it: upright (EXIF orientation applied), 8-bit sRGB,
 * {@link BufferedImage#TYPE_INT_RGB}, at the full resolution of the file.
 *
 * <p>The pixels are shared, not copied: do not draw on {@link #image()}; copy it first.
 *
 * @param image  the pixels
 * @param format the format the bytes were in
 */
public record DecodedImage(BufferedImage image, ImageFormat format) {

    public DecodedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("a decoded image is TYPE_INT_RGB, got type " + image.getType());
        }
    }

    /** Width of the upright image, in pixels. */
    public int width() {
        return image.getWidth();
    }

    /** Height of the upright image, in pixels. */
    public int height() {
        return image.getHeight();
    }
}
