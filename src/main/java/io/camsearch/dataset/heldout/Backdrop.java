package io.camsearch.dataset.heldout;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * What lies behind the glyph, as RGB planes (0-255): one of four kinds (natural-looking fractal
 * noise, a gradient, a tangle of lines, or clutter of other objects), with grain, an overall
 * brightness and an optional defocus blur. Ground colours reach saturation 0.7 and lines and
 * clutter 0.95, overlapping the glyphs' 0.3 to 0.95 on purpose: the training world keeps its
 * clutter greyer than its products, and a model that learned "the saturated thing is the object"
 * must not pass here.
 */
final class Backdrop {

    enum Kind { NATURAL, GRADIENT, LINES, CLUTTER }

    private Backdrop() {
    }

    static float[][] paint(int size, SplittableRandom random) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        float[] a = colour(random, 0.7f);
        float[] b = colour(random, 0.7f);
        float[][] planes = new float[3][size * size];
        long salt = random.nextLong();
        double scale = size / (12 + 30 * random.nextDouble());
        double angle = random.nextDouble() * 2 * Math.PI;
        for (int p = 0; p < size * size; p++) {
            double x = p % size + 0.5;
            double y = p / size + 0.5;
            double t = switch (kind) {
                case NATURAL -> Noise.fractal(x / scale, y / scale, salt);
                case GRADIENT -> Math.clamp(((x - size / 2.0) * Math.cos(angle) + (y - size / 2.0) * Math.sin(angle)) / size + 0.5, 0, 1);
                case LINES, CLUTTER -> 0.25 * Noise.smooth(x / scale, y / scale, salt);
            };
            for (int c = 0; c < 3; c++) {
                planes[c][p] = (float) Noise.lerp(a[c], b[c], t);
            }
        }
        if (kind == Kind.LINES) {
            lines(planes, size, random);
        } else if (kind == Kind.CLUTTER) {
            clutter(planes, size, random);
        }
        double gain = 0.7 + 0.5 * random.nextDouble();
        double grain = 4 + 14 * random.nextDouble();
        long grainSalt = random.nextLong();
        for (int p = 0; p < size * size; p++) {
            double noise = (Noise.lattice(p % size, p / size, grainSalt) - 0.5) * grain;
            for (int c = 0; c < 3; c++) {
                planes[c][p] = (float) Math.clamp(planes[c][p] * gain + noise, 0, 255);
            }
        }
        double defocus = random.nextDouble() < 0.5 ? 0 : 0.5 + 1.5 * random.nextDouble();
        for (float[] plane : planes) {
            if (defocus > 0) {
                Blur.gaussian(plane, size, defocus);
            }
        }
        return planes;
    }

    /** Straight strokes 1 to 4 pixels wide, edges antialiased by their distance to the pixel centre. */
    private static void lines(float[][] planes, int size, SplittableRandom random) {
        int count = 5 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            double x0 = random.nextDouble() * size;
            double y0 = random.nextDouble() * size;
            double x1 = random.nextDouble() * size;
            double y1 = random.nextDouble() * size;
            double half = (1 + 3 * random.nextDouble()) / 2;
            float[] colour = colour(random, 0.95f);
            for (int p = 0; p < size * size; p++) {
                double d = segmentDistance(p % size + 0.5, p / size + 0.5, x0, y0, x1, y1);
                blend(planes, p, colour, Math.clamp(half - d + 0.5, 0, 1));
            }
        }
    }

    /** Ellipses and rotated boxes of other colours, some large: other objects of the scene. */
    private static void clutter(float[][] planes, int size, SplittableRandom random) {
        int count = 3 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            double cx = random.nextDouble() * size;
            double cy = random.nextDouble() * size;
            double rx = size * (0.04 + 0.18 * random.nextDouble());
            double ry = size * (0.04 + 0.18 * random.nextDouble());
            double turn = random.nextDouble() * Math.PI;
            boolean box = random.nextBoolean();
            float[] colour = colour(random, 0.95f);
            double opacity = 0.5 + 0.5 * random.nextDouble();
            for (int p = 0; p < size * size; p++) {
                double dx = p % size + 0.5 - cx;
                double dy = p / size + 0.5 - cy;
                double u = (dx * Math.cos(turn) + dy * Math.sin(turn)) / rx;
                double v = (-dx * Math.sin(turn) + dy * Math.cos(turn)) / ry;
                boolean inside = box ? Math.abs(u) < 1 && Math.abs(v) < 1 : u * u + v * v < 1;
                if (inside) {
                    blend(planes, p, colour, opacity);
                }
            }
        }
    }

    private static void blend(float[][] planes, int p, float[] colour, double share) {
        for (int c = 0; c < 3; c++) {
            planes[c][p] = (float) Noise.lerp(planes[c][p], colour[c], share);
        }
    }

    private static double segmentDistance(double px, double py, double x0, double y0, double x1, double y1) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double length = dx * dx + dy * dy;
        double t = length == 0 ? 0 : Math.clamp(((px - x0) * dx + (py - y0) * dy) / length, 0, 1);
        return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
    }

    /** RGB (0-255) of any hue with saturation up to {@code maxSaturation}, brightness 0.2 to 0.95. */
    private static float[] colour(SplittableRandom random, float maxSaturation) {
        int rgb = Color.HSBtoRGB(random.nextFloat(), random.nextFloat() * maxSaturation, 0.2f + 0.75f * random.nextFloat());
        return new float[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
    }
}
