package io.camsearch.dataset;

import java.util.Locale;

/**
 * One class of the wide training world: silhouette {@code k mod 51}, fill {@code k mod 7} and hue
 * {@code k mod 10} for {@code k = id - 1}. 51, 7 and 10 are pairwise coprime, so the first 3570
 * ids are 3570 different combinations, and each half of the ids (train on the first, hold out the
 * second) holds every silhouette, fill and hue once it has at least 51 classes.
 */
record WideClass(int id, int silhouette, WideFill fill, int hue) {

    private static final float[] HUES = {0.0f, 0.07f, 0.13f, 0.2f, 0.3f, 0.42f, 0.52f, 0.62f, 0.74f, 0.86f};
    static final int MAX_CLASSES = WideSilhouette.COUNT * WideFill.values().length * HUES.length;

    static WideClass of(int id) {
        assert id >= 1 && id <= MAX_CLASSES : "class id " + id + " outside 1.." + MAX_CLASSES;
        int k = id - 1;
        return new WideClass(id, k % WideSilhouette.COUNT, WideFill.values()[k % WideFill.values().length], k % HUES.length);
    }

    /** E.g. {@code 0001.polygon1_solid_h0}: family, variant from 1, fill and hue number. */
    String name() {
        WideSilhouette family = WideSilhouette.values()[silhouette / WideSilhouette.VARIANTS];
        return String.format(Locale.ROOT, "%04d.%s%d_%s_h%d", id, family.name().toLowerCase(Locale.ROOT),
                silhouette % WideSilhouette.VARIANTS + 1, fill.name().toLowerCase(Locale.ROOT), hue);
    }

    float hueValue() {
        return HUES[hue];
    }

    double textureAngle() {
        return Math.toRadians((id * 53) % 180);
    }

    int textureFrequency() {
        return 2 + id % 4;
    }
}
