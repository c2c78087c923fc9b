package io.camsearch.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Clutter behind the product: a two-colour gradient, a soft blotchy texture, and a few lines and
 * blobs, all at low saturation. Clutter is there so that a network must find the product instead
 * of taking the image's colour statistics, as CUB's birds sit in foliage.
 */
final class Background {

    /** The blotch texture is a grid this many cells across, smoothly scaled up to the image. */
    private static final int TEXTURE_CELLS = 7;

    private Background() {
    }

    /** Paints the whole {@code size x size} canvas from {@code seed}: the same seed paints the same pixels. */
    static void paint(Graphics2D g, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        g.setPaint(new GradientPaint(
                (float) (random.nextDouble() * size), (float) (random.nextDouble() * size), Palette.background(random),
                (float) (random.nextDouble() * size), (float) (random.nextDouble() * size), Palette.background(random)));
        g.fillRect(0, 0, size, size);
        g.drawImage(blotches(random), 0, 0, size, size, null);
        int blobs = 2 + random.nextInt(4);
        for (int i = 0; i < blobs; i++) {
            double width = size * Palette.uniform(random, 0.10f, 0.40f);
            double height = size * Palette.uniform(random, 0.10f, 0.40f);
            g.setColor(Palette.translucent(Palette.background(random), 50 + random.nextInt(80)));
            g.fill(new Ellipse2D.Double(random.nextDouble() * size - width / 2,
                    random.nextDouble() * size - height / 2, width, height));
        }
        int lines = 2 + random.nextInt(5);
        for (int i = 0; i < lines; i++) {
            g.setStroke(new BasicStroke(Palette.uniform(random, 0.6f, 2.5f)));
            g.setColor(Palette.translucent(Palette.background(random), 80 + random.nextInt(100)));
            g.draw(new Line2D.Double(random.nextDouble() * size, random.nextDouble() * size,
                    random.nextDouble() * size, random.nextDouble() * size));
        }
    }

    private static BufferedImage blotches(SplittableRandom random) {
        BufferedImage texture = new BufferedImage(TEXTURE_CELLS, TEXTURE_CELLS, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < TEXTURE_CELLS; y++) {
            for (int x = 0; x < TEXTURE_CELLS; x++) {
                int grey = random.nextInt(256);
                texture.setRGB(x, y, new Color(grey, grey, grey, random.nextInt(60)).getRGB());
            }
        }
        return texture;
    }
}
