package io.camsearch.dataset;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Every random choice about one image's product, made before anything is drawn, so that the
 * product, its mask and the distractors kept away from it all follow from the same geometry.
 *
 * @param diameter the product's size in pixels: its outline fits the disk of this diameter
 *     around the centre at any rotation
 * @param rotation radians, clockwise on screen
 * @param colour the main colour, the class colour jittered in hue, saturation and brightness
 * @param ink the pattern's colour, a pale tint of {@code colour}
 * @param patternPhase the pattern's shift in periods, in [0, 1)
 * @param lightAngle the direction light comes from, in radians in the product's frame
 * @param highlight the opacity of white on the lit side, in [0, 255]
 * @param shadow the opacity of black on the far side, in [0, 255]
 */
record ProductPlacement(ProductClass productClass, double centreX, double centreY, double diameter,
        double rotation, Color colour, Color ink, double patternPhase, double lightAngle, int highlight, int shadow) {

    // The diameter is drawn uniformly from this range of shares of the image side: the product
    // is prominent, as in shop photos and as birds are in CUB-200-2011, yet leaves room for clutter.
    private static final float MIN_SCALE = 0.40f;
    private static final float MAX_SCALE = 0.80f;

    /** Pixels kept clear between the product's disk and the image edge, for the antialiased rim. */
    private static final double EDGE_MARGIN = 1;

    static ProductPlacement draw(ProductClass productClass, int size, SplittableRandom random) {
        double diameter = size * Palette.uniform(random, MIN_SCALE, MAX_SCALE);
        double low = diameter / 2 + EDGE_MARGIN;
        double high = size - low;
        float hue = productClass.colour().hue() + Palette.uniform(random, -0.02f, 0.02f);
        float saturation = Palette.uniform(random, 0.72f, 0.95f);
        float brightness = Palette.uniform(random, 0.72f, 0.95f);
        return new ProductPlacement(productClass,
                low + random.nextDouble() * (high - low),
                low + random.nextDouble() * (high - low),
                diameter,
                random.nextDouble() * 2 * Math.PI,
                Palette.hsb(hue, saturation, brightness),
                Palette.hsb(hue, saturation * 0.3f, Math.min(1f, brightness + 0.12f)),
                random.nextDouble(),
                random.nextDouble() * 2 * Math.PI,
                20 + random.nextInt(50),
                30 + random.nextInt(60));
    }

    /** The radius of the disk that holds every pixel of the product. */
    double reach() {
        return diameter / 2;
    }

    /**
     * The product alone on a transparent {@code size x size} layer: alpha is the outline's
     * antialiased coverage of each pixel, and colour the pattern and shading inside it.
     */
    BufferedImage layer(int size) {
        BufferedImage layer = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = Drawing.graphics(layer);
        g.translate(centreX, centreY);
        g.rotate(rotation);
        g.scale(diameter, diameter);
        g.setColor(colour);
        g.fill(productClass.shape().outline());
        // SrcAtop keeps the outline's alpha: pattern and shading land only where the product is.
        g.setComposite(AlphaComposite.SrcAtop);
        g.setColor(ink);
        productClass.pattern().paint(g, patternPhase);
        float lightX = (float) (0.5 * Math.cos(lightAngle));
        float lightY = (float) (0.5 * Math.sin(lightAngle));
        g.setPaint(new GradientPaint(lightX, lightY, Palette.translucent(Color.WHITE, highlight),
                -lightX, -lightY, Palette.translucent(Color.BLACK, shadow)));
        g.fill(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
        g.dispose();
        return layer;
    }
}
