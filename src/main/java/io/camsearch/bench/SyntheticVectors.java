package io.camsearch.bench;

import io.camsearch.cam.Vectors;
import java.util.SplittableRandom;

/**
 * Unit vectors made from their number alone, so that a catalog of a million is generated twice
 * (for the exact answers and for the index) instead of being held: 1M x 128 floats would be half a
 * gigabyte of heap next to the index being measured.
 */
final class SyntheticVectors {

    /** Items per class centre at a million items, as in a large product catalog. */
    static final int ITEMS_PER_CLASS = 1000;
    /** How far items scatter around their centre, relative to the centre's length: cosine to it about 0.8. */
    private static final double SPREAD = 0.75;
    private static final long SEED = 0x5DEECE66DL;

    private final VectorShape shape;
    private final int dim;
    private final float[] spectrum;
    private final float[][] centres;

    SyntheticVectors(VectorShape shape, int dim, int items) {
        this.shape = shape;
        this.dim = dim;
        this.spectrum = new float[dim];
        for (int d = 0; d < dim; d++) {
            // Power-law decay: the first dimensions carry most of the variance.
            spectrum[d] = (float) Math.pow(1 + d, -0.5);
        }
        int classes = Math.max(1, items / ITEMS_PER_CLASS);
        this.centres = new float[shape == VectorShape.CLUSTERED ? classes : 0][];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < centres.length; c++) {
            centres[c] = shaped(random, 1.0);
        }
    }

    /** The i-th vector: items are 0..items-1, queries come from further numbers of the same distribution. */
    float[] vector(long i) {
        SplittableRandom random = new SplittableRandom(SEED + 0x9E3779B97F4A7C15L * (i + 1));
        if (shape == VectorShape.GAUSSIAN) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) random.nextGaussian();
            }
            return Vectors.normalized(v);
        }
        float[] centre = centres[random.nextInt(centres.length)];
        float[] noise = shaped(random, SPREAD);
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = centre[d] + noise[d];
        }
        return Vectors.normalized(v);
    }

    /** A random direction under the spectrum, scaled to {@code length}. */
    private float[] shaped(SplittableRandom random, double length) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = (float) random.nextGaussian() * spectrum[d];
        }
        float[] unit = Vectors.normalized(v);
        for (int d = 0; d < dim; d++) {
            unit[d] *= (float) length;
        }
        return unit;
    }
}
