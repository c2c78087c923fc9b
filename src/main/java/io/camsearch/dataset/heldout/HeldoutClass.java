package io.camsearch.dataset.heldout;

import java.util.Locale;

/**
 * One class of the held-out world: a glyph with a fill in a hue, plus the direction and
 * frequency of its texture. Classes are numbered so that {@code id - 1 = k} takes glyph
 * {@code k mod 11}, fill {@code k mod 7} and hue {@code k mod 8}; 11, 7 and 8 are pairwise
 * coprime, so by the Chinese remainder theorem the first 616 ids are 616 different combinations,
 * and any prefix mixes all glyphs, fills and hues.
 */
record HeldoutClass(int id, Glyph glyph, Fill fill, int hue) {

    static final String[] HUE_NAMES = {"amber", "lime", "jade", "teal", "azure", "indigo", "magenta", "crimson"};
    private static final float[] HUES = {0.08f, 0.22f, 0.40f, 0.50f, 0.58f, 0.70f, 0.85f, 0.98f};

    static final int MAX_CLASSES = Glyph.values().length * Fill.values().length * HUES.length;

    static HeldoutClass of(int id) {
        assert id >= 1 && id <= MAX_CLASSES : "class id " + id + " outside 1.." + MAX_CLASSES;
        int k = id - 1;
        return new HeldoutClass(id, Glyph.values()[k % Glyph.values().length], Fill.values()[k % Fill.values().length],
                k % HUES.length);
    }

    /** CUB-style name, also the class's directory, e.g. {@code 001.arrow_plain_amber}. */
    String name() {
        return String.format(Locale.ROOT, "%03d.%s_%s_%s", id, glyph.name().toLowerCase(Locale.ROOT),
                fill.name().toLowerCase(Locale.ROOT), HUE_NAMES[hue]);
    }

    float hueValue() {
        return HUES[hue];
    }

    /** The texture's direction: a class's own, spread over the half turn. */
    double textureAngle() {
        return Math.toRadians((id * 47) % 180);
    }

    /** Stripes, cells or bands across the glyph's frame: 3 to 6. */
    double textureFrequency() {
        return 3 + id % 4;
    }
}
