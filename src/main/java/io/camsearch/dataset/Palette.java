package io.camsearch.dataset;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * The colours of everything that is not a product. All of them keep saturation at or below 0.35,
 * while product colours start at 0.72, so clutter never takes a product class's colour.
 */
final class Palette {

    private Palette() {
    }

    /** A pale-to-mid colour of any hue for gradients, lines and blobs behind everything. */
    static Color background(SplittableRandom random) {
        return hsb(random.nextFloat(), uniform(random, 0.02f, 0.22f), uniform(random, 0.40f, 0.92f));
    }

    /** Grey or brown, mid to dark: the colours of distractor objects. */
    static Color distractor(SplittableRandom random) {
        boolean brown = random.nextBoolean();
        float hue = brown ? uniform(random, 0.05f, 0.12f) : random.nextFloat();
        float saturation = brown ? uniform(random, 0.15f, 0.35f) : uniform(random, 0f, 0.08f);
        return hsb(hue, saturation, uniform(random, 0.25f, 0.75f));
    }

    /** {@code colour} with the given opacity in [0, 255]. */
    static Color translucent(Color colour, int alpha) {
        return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), alpha);
    }

    static Color hsb(float hue, float saturation, float brightness) {
        return new Color(Color.HSBtoRGB(hue, saturation, brightness));
    }

    static float uniform(SplittableRandom random, float from, float to) {
        return from + random.nextFloat() * (to - from);
    }
}
