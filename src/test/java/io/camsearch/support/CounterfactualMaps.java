package io.camsearch.support;

import io.camsearch.cam.Grid;

/**
 * The counterfactual map computed independently of the code under test, from its definition:
 * {@code c = max(0, -s)} cell by cell, then min-max normalized to [0, 1] (a constant map becomes
 * zeros), in double precision.
 */
public final class CounterfactualMaps {

    private CounterfactualMaps() {}

    /** ReLU(-S), not normalized. */
    public static double[] relu(Grid signed) {
        float[] s = signed.values();
        double[] c = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            c[i] = s[i] < 0 ? -(double) s[i] : 0;
        }
        return c;
    }

    /** ReLU(-S) normalized to [0, 1]. */
    public static double[] normalized(Grid signed) {
        double[] c = relu(signed);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : c) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = max > min ? (c[i] - min) / (max - min) : 0;
        }
        return out;
    }

    /** The largest value of ReLU(-S): the counterfactual's peak. */
    public static double peak(Grid signed) {
        double peak = 0;
        for (double v : relu(signed)) {
            peak = Math.max(peak, v);
        }
        return peak;
    }
}
