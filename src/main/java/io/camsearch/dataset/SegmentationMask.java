package io.camsearch.dataset;

import io.camsearch.cam.Grid;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A segmentation mask as the share of each pixel that belongs to the object, in [0, 1]. CUB's
 * masks are 8-bit grey with soft values where annotators disagreed; the generator's are 0 or 255.
 * Grey values come from the raw samples, not from {@code getRGB}, which would pass a grey image
 * through a gamma curve and move the halfway point.
 */
public final class SegmentationMask {

    /** A pixel is foreground when at least this share of it is. */
    public static final float FOREGROUND = 0.5f;

    private final Grid coverage;

    private SegmentationMask(Grid coverage) {
        this.coverage = coverage;
    }

    /**
     * Reads a mask image: grey (of any bit depth, its first band), palette (its grey level), or
     * colour (its first band, as masks saved in RGB repeat one value in every band).
     *
     * @throws IOException when the file cannot be read as an image
     */
    public static SegmentationMask read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("segmentation " + file + " is not an image ImageIO can read");
        }
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        float[] values = new float[width * height];
        boolean palette = image.getColorModel() instanceof IndexColorModel;
        float full = palette ? 255f : (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sample = palette ? image.getColorModel().getRed(raster.getSample(x, y, 0)) : raster.getSample(x, y, 0);
                values[y * width + x] = sample / full;
            }
        }
        return new SegmentationMask(new Grid(height, width, values));
    }

    /** The mask at its stored size, row-major, each value in [0, 1]. */
    public Grid coverage() {
        return coverage;
    }

    /**
     * The mask resampled to {@code width x height} with half-pixel centres
     * ({@link Grid#upsampleBilinear}), the alignment of the network's resized input. Shrinking
     * samples at output pixel centres instead of averaging: for the {@link #FOREGROUND} test that
     * agrees with an area average wherever the boundary runs straight across a pixel, and it drops
     * structures thinner than the shrink step.
     */
    public Grid coverage(int width, int height) {
        if (width == coverage.width() && height == coverage.height()) {
            return coverage;
        }
        return coverage.upsampleBilinear(height, width);
    }

    /** Row-major foreground flags at {@code width x height}: resampled coverage at least {@link #FOREGROUND}. */
    public boolean[] foreground(int width, int height) {
        float[] values = coverage(width, height).values();
        boolean[] foreground = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            foreground[i] = values[i] >= FOREGROUND;
        }
        return foreground;
    }
}
