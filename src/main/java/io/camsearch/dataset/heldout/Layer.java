package io.camsearch.dataset.heldout;

import io.camsearch.cam.Box;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * The glyph alone: its coverage of each pixel in [0, 1] and its colour premultiplied by that
 * coverage, in float planes. The image, the mask and the box all come from these planes, so they
 * cannot disagree: a pixel is in the mask when the glyph covers at least half of it, after any blur.
 */
final class Layer {

    /** Subsamples per pixel side: 16 inside tests a pixel. */
    private static final int SUPERSAMPLE = 4;
    static final float HALF = 0.5f;

    private final int size;
    private final float[] alpha;
    private final float[][] rgb;

    private Layer(int size) {
        this.size = size;
        this.alpha = new float[size * size];
        this.rgb = new float[3][size * size];
    }

    /** Where the glyph sits and how it is lit. */
    record Pose(double centreX, double centreY, double radius, double rotation) {
    }

    /** Colour at a point of the image, before coverage: the fill's mix of two colours under the light. */
    interface Surface {
        /** Writes the RGB (0-255, may exceed 255 before clamping) at glyph frame {@code (u, v)}, image {@code (x, y)}. */
        void colour(double u, double v, double x, double y, float[] out);
    }

    static Layer rasterize(int size, Glyph glyph, Pose pose, Surface surface) {
        Layer layer = new Layer(size);
        double cos = Math.cos(pose.rotation());
        double sin = Math.sin(pose.rotation());
        // The glyph lies within about 1.1 radii of its centre.
        int left = Math.max(0, (int) Math.floor(pose.centreX() - 1.2 * pose.radius()));
        int right = Math.min(size - 1, (int) Math.ceil(pose.centreX() + 1.2 * pose.radius()));
        int top = Math.max(0, (int) Math.floor(pose.centreY() - 1.2 * pose.radius()));
        int bottom = Math.min(size - 1, (int) Math.ceil(pose.centreY() + 1.2 * pose.radius()));
        float[] colour = new float[3];
        for (int y = top; y <= bottom; y++) {
            for (int x = left; x <= right; x++) {
                int inside = 0;
                float r = 0;
                float g = 0;
                float b = 0;
                for (int j = 0; j < SUPERSAMPLE; j++) {
                    for (int i = 0; i < SUPERSAMPLE; i++) {
                        double sx = x + (i + 0.5) / SUPERSAMPLE;
                        double sy = y + (j + 0.5) / SUPERSAMPLE;
                        double dx = (sx - pose.centreX()) / pose.radius();
                        double dy = (sy - pose.centreY()) / pose.radius();
                        double u = dx * cos + dy * sin;
                        double v = -dx * sin + dy * cos;
                        if (glyph.contains(u, v)) {
                            inside++;
                            surface.colour(u, v, sx, sy, colour);
                            r += Math.clamp(colour[0], 0, 255);
                            g += Math.clamp(colour[1], 0, 255);
                            b += Math.clamp(colour[2], 0, 255);
                        }
                    }
                }
                int p = y * size + x;
                float samples = SUPERSAMPLE * SUPERSAMPLE;
                layer.alpha[p] = inside / samples;
                layer.rgb[0][p] = r / samples;
                layer.rgb[1][p] = g / samples;
                layer.rgb[2][p] = b / samples;
            }
        }
        return layer;
    }

    /** Defocus: a Gaussian of {@code sigma} pixels over coverage and premultiplied colour alike. */
    void blur(double sigma) {
        if (sigma <= 0) {
            return;
        }
        Blur.gaussian(alpha, size, sigma);
        for (float[] plane : rgb) {
            Blur.gaussian(plane, size, sigma);
        }
    }

    /** The glyph over a background of RGB planes (0-255): {@code colour + (1 - coverage) x background}, rounded. */
    BufferedImage over(float[][] background) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < alpha.length; p++) {
            int[] channel = new int[3];
            for (int c = 0; c < 3; c++) {
                channel[c] = (int) Math.clamp(Math.round(rgb[c][p] + (1 - alpha[p]) * background[c][p]), 0, 255);
            }
            image.setRGB(p % size, p / size, channel[0] << 16 | channel[1] << 8 | channel[2]);
        }
        return image;
    }

    /** The glyph over one flat grey: a render without background, to measure coverage from pixels. */
    BufferedImage overGrey(float grey) {
        float[] flat = new float[alpha.length];
        java.util.Arrays.fill(flat, grey);
        return over(new float[][] {flat, flat, flat});
    }

    /** 255 where the glyph covers at least half of a pixel, 0 elsewhere. */
    BufferedImage mask() {
        BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = mask.getRaster();
        for (int p = 0; p < alpha.length; p++) {
            raster.setSample(p % size, p / size, 0, alpha[p] >= HALF ? 255 : 0);
        }
        return mask;
    }

    /**
     * The smallest box holding every mask pixel.
     *
     * @throws IllegalStateException when no pixel is half covered: every pose keeps the glyph's
     *     centre in the image at a radius of at least a fifth of the side, so this is a bug
     */
    Box box() {
        int left = size;
        int top = size;
        int right = -1;
        int bottom = -1;
        for (int p = 0; p < alpha.length; p++) {
            if (alpha[p] >= HALF) {
                left = Math.min(left, p % size);
                right = Math.max(right, p % size);
                top = Math.min(top, p / size);
                bottom = Math.max(bottom, p / size);
            }
        }
        if (right < 0) {
            throw new IllegalStateException("the held-out glyph covers no pixel by half");
        }
        return new Box(left, top, right - left + 1, bottom - top + 1);
    }
}
