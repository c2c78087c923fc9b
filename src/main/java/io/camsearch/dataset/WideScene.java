package io.camsearch.dataset;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.SplittableRandom;

/**
 * Every random choice of one image of the wide training world, and its painting: a silhouette
 * at 25% to 85% of the side, any rotation, its class hue jittered in saturation and brightness, a
 * fill in a second colour, a light of random strength and direction, an optional defocus; behind
 * it one of seven backdrops (the default world's clutter, a colour-noise field, a tangle of lines,
 * other silhouettes, a plain gradient, a fill pattern, or fine speckle) with its own defocus, and
 * over the backdrop alone, more often than not, per-pixel grain. The product is the top layer, so
 * its mask and box come from its layer alone, after its blur.
 *
 * <p>Why patterned, speckled and grainy backdrops (generator version 2): in version 1 every
 * backdrop was smooth and every product could be textured, so "texture" alone told product from
 * ground; a model trained on that looks for texture, and on a grainy ground it finds it everywhere.
 */
final class WideScene {

    private enum Backdrop { DEFAULT_CLUTTER, NOISE_FIELD, LINES, OTHER_OBJECTS, GRADIENT, PATTERN, SPECKLE }

    private final int size;
    private final WideClass wideClass;
    private final double centreX;
    private final double centreY;
    private final double diameter;
    private final double rotation;
    private final Color colour;
    private final Color ink;
    private final int highlight;
    private final int shadow;
    private final double lightAngle;
    private final double blur;
    private final long fillSeed;
    private final long backdropSeed;

    private WideScene(int size, WideClass wideClass, SplittableRandom random) {
        this.size = size;
        this.wideClass = wideClass;
        this.backdropSeed = random.nextLong();
        this.fillSeed = random.nextLong();
        this.diameter = size * Palette.uniform(random, 0.25f, 0.85f);
        double low = diameter / 2 + 1;
        this.centreX = low + random.nextDouble() * (size - 2 * low);
        this.centreY = low + random.nextDouble() * (size - 2 * low);
        this.rotation = random.nextDouble() * 2 * Math.PI;
        float hue = wideClass.hueValue() + Palette.uniform(random, -0.03f, 0.03f);
        float saturation = Palette.uniform(random, 0.45f, 1f);
        float brightness = Palette.uniform(random, 0.35f, 1f);
        this.colour = Palette.hsb(hue, saturation, brightness);
        boolean lighter = random.nextBoolean();
        this.ink = Palette.hsb(hue + Palette.uniform(random, -0.08f, 0.08f), saturation * Palette.uniform(random, 0.2f, 0.8f),
                lighter ? Math.min(1f, brightness + 0.35f) : brightness * Palette.uniform(random, 0.25f, 0.6f));
        this.highlight = random.nextInt(120);
        this.shadow = random.nextInt(140);
        this.lightAngle = random.nextDouble() * 2 * Math.PI;
        this.blur = random.nextDouble() < 0.4 ? 0 : Palette.uniform(random, 0.4f, 1.6f);
    }

    static WideScene compose(WideClass wideClass, int size, long imageSeed) {
        return new WideScene(size, wideClass, new SplittableRandom(imageSeed));
    }

    /** The product alone, premultiplied, blurred as in the image: alpha is its coverage of each pixel. */
    BufferedImage layer() {
        BufferedImage layer = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = Drawing.graphics(layer);
        g.translate(centreX, centreY);
        g.rotate(rotation);
        g.scale(diameter, diameter);
        g.setColor(colour);
        g.fill(wideClass.silhouette().outline());
        g.setComposite(AlphaComposite.SrcAtop);
        wideClass.fill().paint(g, ink, wideClass.textureAngle(), wideClass.textureFrequency(), new SplittableRandom(fillSeed));
        float x = (float) (0.5 * Math.cos(lightAngle));
        float y = (float) (0.5 * Math.sin(lightAngle));
        g.setPaint(new GradientPaint(x, y, Palette.translucent(Color.WHITE, highlight), -x, -y, Palette.translucent(Color.BLACK, shadow)));
        g.fill(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
        g.dispose();
        return blurred(layer, blur);
    }

    /** Everything behind the product. */
    BufferedImage backdrop() {
        SplittableRandom random = new SplittableRandom(backdropSeed);
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.graphics(canvas);
        switch (Backdrop.values()[random.nextInt(Backdrop.values().length)]) {
            case DEFAULT_CLUTTER -> Background.paint(g, size, random.nextLong());
            case NOISE_FIELD -> noiseField(g, random);
            case LINES -> {
                gradient(g, random);
                lines(g, random);
            }
            case OTHER_OBJECTS -> {
                gradient(g, random);
                otherObjects(g, random);
            }
            case GRADIENT -> gradient(g, random);
            case PATTERN -> pattern(g, random);
            case SPECKLE -> speckle(g, random);
        }
        g.dispose();
        BufferedImage backdrop = blurred(canvas, random.nextBoolean() ? 0 : Palette.uniform(random, 0.5f, 2f));
        if (random.nextDouble() < 0.6) {
            grain(backdrop, Palette.uniform(random, 3f, 22f), random);
        }
        return backdrop;
    }

    SyntheticImage render() {
        BufferedImage layer = layer();
        BufferedImage image = backdrop();
        Graphics2D g = image.createGraphics();
        g.drawImage(layer, 0, 0, null);
        g.dispose();
        BufferedImage mask = ProductMask.of(layer);
        return new SyntheticImage(image, mask, ProductMask.tightBox(mask));
    }

    private void gradient(Graphics2D g, SplittableRandom random) {
        Color a = muted(random);
        Color b = muted(random);
        if (random.nextBoolean()) {
            g.setPaint(new GradientPaint((float) (random.nextDouble() * size), (float) (random.nextDouble() * size), a,
                    (float) (random.nextDouble() * size), (float) (random.nextDouble() * size), b));
        } else {
            g.setPaint(new RadialGradientPaint((float) (random.nextDouble() * size), (float) (random.nextDouble() * size),
                    (float) (size * Palette.uniform(random, 0.3f, 1f)), new float[] {0f, 1f}, new Color[] {a, b}));
        }
        g.fillRect(0, 0, size, size);
    }

    /** A coarse grid of random colours, smoothly scaled up: mottled, natural-looking ground. */
    private void noiseField(Graphics2D g, SplittableRandom random) {
        int cells = 3 + random.nextInt(10);
        BufferedImage grid = new BufferedImage(cells, cells, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < cells; y++) {
            for (int x = 0; x < cells; x++) {
                grid.setRGB(x, y, muted(random).getRGB());
            }
        }
        g.drawImage(grid, 0, 0, size, size, null);
    }

    /** One of the products' fills, in two muted colours, over the whole ground at its own scale and angle. */
    private void pattern(Graphics2D g, SplittableRandom random) {
        Graphics2D p = (Graphics2D) g.create();
        p.translate(size / 2.0, size / 2.0);
        p.rotate(random.nextDouble() * 2 * Math.PI);
        // The fills paint the unit frame; 1.45 sides cover the canvas at any rotation.
        double scale = size * Palette.uniform(random, 1.45f, 2.5f);
        p.scale(scale, scale);
        p.setColor(muted(random));
        p.fill(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
        WideFill fill = WideFill.values()[random.nextInt(WideFill.values().length)];
        fill.paint(p, muted(random), random.nextDouble() * Math.PI, 2 + random.nextInt(6), random);
        p.dispose();
    }

    /** A field of random colours a few pixels across each, unsmoothed: sand, gravel, fabric. */
    private void speckle(Graphics2D g, SplittableRandom random) {
        int cell = 1 + random.nextInt(4);
        Color base = muted(random);
        float spread = Palette.uniform(random, 0.05f, 0.3f);
        float[] hsb = Color.RGBtoHSB(base.getRed(), base.getGreen(), base.getBlue(), null);
        for (int y = 0; y < size; y += cell) {
            for (int x = 0; x < size; x += cell) {
                g.setColor(Palette.hsb(hsb[0] + Palette.uniform(random, -spread, spread) / 3,
                        clamp(hsb[1] + Palette.uniform(random, -spread, spread)), clamp(hsb[2] + Palette.uniform(random, -spread, spread))));
                g.fillRect(x, y, cell, cell);
            }
        }
    }

    /** Adds independent Gaussian noise of {@code sigma} grey levels to every channel of every pixel. */
    private static void grain(BufferedImage image, float sigma, SplittableRandom random) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = channel((rgb >> 16 & 0xFF) + sigma * random.nextGaussian());
                int gr = channel((rgb >> 8 & 0xFF) + sigma * random.nextGaussian());
                int b = channel((rgb & 0xFF) + sigma * random.nextGaussian());
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
    }

    private static int channel(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static float clamp(float value) {
        return Math.max(0f, Math.min(1f, value));
    }

    private void lines(Graphics2D g, SplittableRandom random) {
        int count = 6 + random.nextInt(16);
        for (int i = 0; i < count; i++) {
            g.setStroke(new BasicStroke(Palette.uniform(random, 0.5f, 4f)));
            g.setColor(muted(random));
            g.draw(new Line2D.Double(random.nextDouble() * size, random.nextDouble() * size,
                    random.nextDouble() * size, random.nextDouble() * size));
        }
    }

    /** Other silhouettes drawn as the classes' are, muted and plain: objects the product must be told from. */
    private void otherObjects(Graphics2D g, SplittableRandom random) {
        int count = 2 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            Graphics2D o = (Graphics2D) g.create();
            o.translate(random.nextDouble() * size, random.nextDouble() * size);
            o.rotate(random.nextDouble() * 2 * Math.PI);
            double scale = size * Palette.uniform(random, 0.1f, 0.45f);
            o.scale(scale, scale);
            o.setColor(muted(random));
            o.fill(ProceduralSilhouette.of(random.nextLong()).outline());
            o.dispose();
        }
    }

    /** Any hue, saturation at most 0.6: the product keeps at least 0.45 and a brighter light. */
    private static Color muted(SplittableRandom random) {
        return Palette.hsb(random.nextFloat(), Palette.uniform(random, 0f, 0.6f), Palette.uniform(random, 0.15f, 0.95f));
    }

    /** A Gaussian blur of {@code sigma} pixels; edge pixels within the kernel's reach stay as they are. */
    private static BufferedImage blurred(BufferedImage image, double sigma) {
        if (sigma <= 0) {
            return image;
        }
        int radius = (int) Math.ceil(2.5 * sigma);
        float[] weights = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        BufferedImage across = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
        return new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null).filter(across, null);
    }
}
