package io.camsearch.dataset;

import java.util.Locale;

/**
 * One class of the wide training world: its own silhouette, drawn from a seed that depends on the
 * class id alone ({@link ProceduralSilhouette}), so a class is the same object in every seed of
 * the world; fill {@code k mod 7} and hue {@code k mod 10} for {@code k = id - 1}, so any 70
 * consecutive ids hold every fill with every hue once.
 */
record WideClass(int id, ProceduralSilhouette silhouette, WideFill fill, int hue) {

    private static final float[] HUES = {0.0f, 0.07f, 0.13f, 0.2f, 0.3f, 0.42f, 0.52f, 0.62f, 0.74f, 0.86f};
    /** Four digits of class id in the names. */
    static final int MAX_CLASSES = 9999;

    static WideClass of(int id) {
        assert id >= 1 && id <= MAX_CLASSES : "class id " + id + " outside 1.." + MAX_CLASSES;
        int k = id - 1;
        ProceduralSilhouette silhouette = ProceduralSilhouette.of(SyntheticCatalog.mix(0x53494C48L + id));
        return new WideClass(id, silhouette, WideFill.values()[k % WideFill.values().length], k % HUES.length);
    }

    /** E.g. {@code 0001.harmonic_solid_h0}: the silhouette's family, the fill and the hue number. */
    String name() {
        return String.format(Locale.ROOT, "%04d.%s_%s_h%d", id, silhouette.word(), fill.name().toLowerCase(Locale.ROOT), hue);
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
