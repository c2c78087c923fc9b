package io.camsearch.heatmap;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The one renderer of heatmaps: pixels are made here, and only when a picture is asked for. A
 * heatmap's pictures are drawn from its {@link HeatmapToken} alone (nothing of the search that made
 * it), so any replica answers a heatmap URL at any time: the coloured map with its box, or the map
 * blended over the image it explains. The box drawn is always the token's, the one the search
 * answered in the explained image's pixels, scaled to the drawn size.
 *
 * <p>Blending is per channel, {@code out = round((1 - alpha) * image + alpha * colour(map))}, so
 * alpha 0 is the image untouched and alpha 1 the colour map alone, in {@link Colormap#TURBO}.
 * Output images are {@code TYPE_INT_RGB}; map values outside [0,1] take the colour of the nearest
 * end.
 */
public final class HeatmapRenderer {

    /** Half image, half heatmap, the usual Grad-CAM overlay. */
    public static final double DEFAULT_ALPHA = 0.5;

    /** White: not a Turbo colour, so it stays visible over any heat. */
    public static final int PREDICTED_BOX_RGB = 0xFFFFFF;

    /** Magenta: not a Turbo colour either, and apart from white. */
    public static final int GROUND_TRUTH_BOX_RGB = 0xFF00FF;

    /** Box outlines are this many pixels thick, drawn inside the box. */
    public static final int BOX_STROKE = 2;

    /** setRGB takes ARGB; without this an alpha-capable canvas would get invisible boxes. */
    private static final int OPAQUE = 0xFF000000;

    private static final Colormap COLORMAP = Colormap.TURBO;

    private final int maxSide;

    /** @param maxSide the longest side a heatmap is drawn at when no size is asked for, and the most that may be asked for */
    public HeatmapRenderer(int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("a heatmap is drawn at 1 pixel a side or more, got " + maxSide);
        }
        this.maxSide = maxSide;
    }

    /**
     * The heatmap in colour with its box, for a page that blends it over the image itself (an
     * opacity slider). Drawn at {@code width x height}; a size given as 0 follows the explained
     * image's aspect, and with both 0 the image's size scaled to fit {@code maxSide}.
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
        BufferedImage colored = colorize(drawnMap(token, w, h));
        drawBox(colored, token);
        return colored;
    }

    /** The heatmap blended over {@code image} (the explained image at any size) with the given opacity, with its box. */
    public BufferedImage overlay(HeatmapToken token, BufferedImage image, double alpha) {
        BufferedImage blended = overlay(image, drawnMap(token, image.getWidth(), image.getHeight()), alpha);
        drawBox(blended, token);
        return blended;
    }

    /** The map alone in colour, one pixel per cell. */
    public static BufferedImage colorize(Grid map) {
        float[] values = map.values();
        int[] rgb = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            rgb[i] = COLORMAP.rgb(values[i]);
        }
        return rgbImage(map.width(), map.height(), rgb);
    }

    /**
     * A new image: {@code image} blended with the coloured map at opacity {@code alpha}. A map of
     * another size is first resampled to the image's size with {@link Grid#upsampleBilinear}. Any
     * alpha channel of {@code image} is dropped.
     *
     * @param alpha the heatmap's weight in the blend, in [0,1]
     * @throws IllegalArgumentException when alpha is outside [0,1] or NaN
     */
    public static BufferedImage overlay(BufferedImage image, Grid map, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        Grid fitted = map.height() == height && map.width() == width
                ? map
                : map.upsampleBilinear(height, width);
        float[] values = fitted.values();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = blend(pixels[i], COLORMAP.rgb(values[i]), alpha);
        }
        return rgbImage(width, height, pixels);
    }

    /** The token's [0, 1] map upsampled to the drawn size. */
    private static Grid drawnMap(HeatmapToken token, int width, int height) {
        return token.map().upsampleBilinear(height, width);
    }

    /** The token's box, answered in the explained image's pixels, scaled to the canvas. */
    private static void drawBox(BufferedImage canvas, HeatmapToken token) {
        token.box().ifPresent(b -> drawBox(canvas,
                Heatmap.scale(b, token.imageWidth(), token.imageHeight(), canvas.getWidth(), canvas.getHeight()), PREDICTED_BOX_RGB));
    }

    private static int side(double pixels) {
        return Math.max(1, (int) Math.round(pixels));
    }

    /**
     * Outlines {@code box} on {@code canvas}, in place: the box's outermost {@link #BOX_STROKE}
     * rows and columns of pixels take {@code rgb} ({@code 0xRRGGBB}); parts outside the canvas
     * are skipped.
     */
    public static void drawBox(BufferedImage canvas, Box box, int rgb) {
        int left = box.x();
        int top = box.y();
        int right = box.right();
        int bottom = box.bottom();
        fillClipped(canvas, left, top, right, Math.min(top + BOX_STROKE, bottom), rgb);
        fillClipped(canvas, left, Math.max(bottom - BOX_STROKE, top), right, bottom, rgb);
        fillClipped(canvas, left, top, Math.min(left + BOX_STROKE, right), bottom, rgb);
        fillClipped(canvas, Math.max(right - BOX_STROKE, left), top, right, bottom, rgb);
    }

    /**
     * A [0, 1] map as a 16-bit grayscale image, one pixel per cell: the lossless-enough picture of
     * the normalized map that scripts can read back (value = sample / 65535).
     */
    public static BufferedImage grayscale16(Grid map) {
        BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_USHORT_GRAY);
        var raster = image.getRaster();
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                float v = Math.max(0f, Math.min(1f, map.get(y, x)));
                raster.setSample(x, y, 0, Math.round(v * 65535f));
            }
        }
        return image;
    }

    /** The image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no ImageIO writer encodes this image as PNG");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int blend(int imageRgb, int colourRgb, double alpha) {
        int blended = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int imageChannel = imageRgb >> shift & 0xFF;
            int colourChannel = colourRgb >> shift & 0xFF;
            int channel = (int) Math.round((1 - alpha) * imageChannel + alpha * colourChannel);
            blended |= channel << shift;
        }
        return blended;
    }

    /** Fills columns {@code [x0, x1)} of rows {@code [y0, y1)}, clipped to the canvas. */
    private static void fillClipped(BufferedImage canvas, int x0, int y0, int x1, int y1, int rgb) {
        for (int y = Math.max(y0, 0); y < Math.min(y1, canvas.getHeight()); y++) {
            for (int x = Math.max(x0, 0); x < Math.min(x1, canvas.getWidth()); x++) {
                canvas.setRGB(x, y, OPAQUE | rgb);
            }
        }
    }

    private static BufferedImage rgbImage(int width, int height, int[] rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }
}
