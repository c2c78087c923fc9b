package io.camsearch.image;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The EXIF orientation tag (values 1 to 8, in that order): how the stored pixels must be rotated
 * or mirrored to show the picture upright. Cameras store the sensor's pixels and only record the
 * way the camera was held; without this a portrait photo is embedded lying on its side.
 *
 * <p>Each value is described as the mapping from an upright pixel {@code (x, y)} to a stored one:
 * first {@code (u, v) = transposed ? (y, x) : (x, y)}, then u and/or v counted from the far edge.
 */
enum ExifOrientation {
    TOP_LEFT(false, false, false),
    TOP_RIGHT(false, true, false),
    BOTTOM_RIGHT(false, true, true),
    BOTTOM_LEFT(false, false, true),
    LEFT_TOP(true, false, false),
    RIGHT_TOP(true, false, true),
    RIGHT_BOTTOM(true, true, true),
    LEFT_BOTTOM(true, true, false);

    private final boolean transposed;
    private final boolean flipU;
    private final boolean flipV;

    ExifOrientation(boolean transposed, boolean flipU, boolean flipV) {
        this.transposed = transposed;
        this.flipU = flipU;
        this.flipV = flipV;
    }

    /**
     * The orientation recorded in the image's EXIF data, or {@link #TOP_LEFT} when there is none
     * or it cannot be read: broken metadata must not cost a picture whose pixels decode fine.
     *
     * <p>Only JPEG and WebP are searched, and in a JPEG only the EXIF segment is parsed. GIF and BMP
     * carry no EXIF; PNG's rare eXIf chunk is passed over because metadata-extractor's PNG reader
     * inflates compressed text and ICC chunks without a bound (a 2 MB file that inflates to
     * gigabytes exhausts the heap).
     */
    static ExifOrientation of(ImageFormat format, byte[] bytes) {
        try {
            Metadata metadata = switch (format) {
                case JPEG -> JpegMetadataReader.readMetadata(
                        new ByteArrayInputStream(bytes), List.of(new ExifReader()));
                case WEBP -> WebpMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
                case PNG, GIF, BMP -> new Metadata();
            };
            for (ExifIFD0Directory directory : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                Integer value = directory.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
                if (value != null && value >= 1 && value <= values().length) {
                    return values()[value - 1];
                }
            }
        } catch (ImageProcessingException | IOException | RuntimeException unreadable) {
            // No usable orientation: the stored pixels are taken as upright.
        }
        return TOP_LEFT;
    }

    /**
     * The upright picture.
     *
     * @param stored the pixels as stored, a {@code TYPE_INT_RGB} image from {@link SrgbConversion}
     * @return {@code stored} itself for {@link #TOP_LEFT}, otherwise a new image
     */
    BufferedImage upright(BufferedImage stored) {
        if (this == TOP_LEFT) {
            return stored;
        }
        int storedWidth = stored.getWidth();
        int storedHeight = stored.getHeight();
        int width = transposed ? storedHeight : storedWidth;
        int height = transposed ? storedWidth : storedHeight;
        BufferedImage upright = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] from = ((DataBufferInt) stored.getRaster().getDataBuffer()).getData();
        int[] to = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int u = transposed ? y : x;
                int v = transposed ? x : y;
                u = flipU ? storedWidth - 1 - u : u;
                v = flipV ? storedHeight - 1 - v : v;
                to[y * width + x] = from[v * storedWidth + u];
            }
        }
        return upright;
    }
}
