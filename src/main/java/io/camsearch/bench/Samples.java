package io.camsearch.bench;

import java.util.Random;

/** Synthetic inputs and the rounding of reported numbers, shared by the benchmarks. */
final class Samples {

    private Samples() {}

    /** Standard normal values: stand-ins for images and embeddings whose content does not change the cost. */
    static float[] gaussian(Random random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Milliseconds and ratios to four decimals: more would be noise on a shared machine. */
    static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
