package io.camsearch.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * Turns whatever an ImageIO reader returned (grayscale, palette, 16-bit, another colour space,
 * with or without alpha) into a new 8-bit sRGB {@link BufferedImage#TYPE_INT_RGB} image with
 * transparency composited onto white.
 *
 * <p>Grayscale is converted here rather than by Java2D, because Java2D is inconsistent: it copies
 * 8- and 16-bit gray straight into RGB, but treats gray with alpha as linear light and brightens
 * it (gray 128 becomes 188). Files store gray already gamma-encoded, as browsers show it, so gray
 * g becomes sRGB (g, g, g) here in every case.
 */
final class SrgbConversion {

    private static final int WHITE = 255;

    private SrgbConversion() {
    }

    /**
     * A new sRGB {@code TYPE_INT_RGB} image with the pixels of {@code image}, whose data buffer is
     * one {@code int} per pixel, row after row, with no padding.
     */
    static BufferedImage toIntRgb(BufferedImage image) {
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return grayToIntRgb(image);
        }
        BufferedImage srgb = image.getColorModel().getColorSpace().isCS_sRGB() ? image : convertColorSpace(image);
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            graphics.drawImage(srgb, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    /**
     * Colour-manages an image in another colour space (an embedded Adobe RGB profile, say) into
     * sRGB in one pass; drawn directly, Java2D would convert it one pixel at a time, which takes
     * seconds for a camera photo.
     */
    private static BufferedImage convertColorSpace(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(), type);
        return new ColorConvertOp(null).filter(image, srgb);
    }

    /** Gray (8 or 16 bits, optionally with non-premultiplied alpha) as stored, composited onto white. */
    private static BufferedImage grayToIntRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        double grayMax = (1 << model.getComponentSize(0)) - 1;
        boolean hasAlpha = model.hasAlpha();
        double alphaMax = hasAlpha ? (1 << model.getComponentSize(1)) - 1 : 1;
        Raster raster = image.getRaster();
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] gray = new int[width];
        int[] alpha = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, gray);
            if (hasAlpha) {
                raster.getSamples(0, y, width, 1, 1, alpha);
            }
            for (int x = 0; x < width; x++) {
                double opacity = hasAlpha ? alpha[x] / alphaMax : 1;
                int value = (int) Math.round(WHITE * (gray[x] / grayMax * opacity + 1 - opacity));
                out[y * width + x] = value << 16 | value << 8 | value;
            }
        }
        return rgb;
    }
}
