package io.camsearch.dataset;

import java.util.Locale;

/**
 * The saturated colours of product classes, as HSB hues. Backgrounds and distractors stay at low
 * saturation, so colour alone tells a product from clutter, while the hues sit far enough apart
 * (at least 0.14 of the circle) that the per-image jitter never turns one class colour into
 * another.
 */
public enum ProductColour {
    RED(0.0f),
    YELLOW(0.14f),
    GREEN(0.33f),
    BLUE(0.61f),
    PURPLE(0.79f);

    private final float hue;

    ProductColour(float hue) {
        this.hue = hue;
    }

    /** The HSB hue in [0, 1). */
    float hue() {
        return hue;
    }

    /** The word used in class names. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
