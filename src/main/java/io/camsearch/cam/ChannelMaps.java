package io.camsearch.cam;

import java.util.Arrays;

/** The two small products every path to a signed map ends in: a = M^T p, and S = sum_k a_k A^k. */
final class ChannelMaps {

    private ChannelMaps() {}

    /**
     * Channel weights of several proxies at once: {@code (P M)}, n x K row-major, for proxies P (n x
     * d) and gradient matrix M (d x K, row-major).
     */
    static float[] project(float[][] proxies, float[] gradientMatrix, int channels) {
        float[] out = new float[proxies.length * channels];
        double[] acc = new double[channels];
        for (int n = 0; n < proxies.length; n++) {
            Arrays.fill(acc, 0);
            float[] p = proxies[n];
            for (int x = 0; x < p.length; x++) {
                if (p[x] == 0) {
                    continue;
                }
                int row = x * channels;
                for (int k = 0; k < channels; k++) {
                    acc[k] += (double) p[x] * gradientMatrix[row + k];
                }
            }
            for (int k = 0; k < channels; k++) {
                out[n * channels + k] = (float) acc[k];
            }
        }
        return out;
    }

    /** S = sum_k a_k A^k over the channels for which {@code keep} is null or true. */
    static Grid weightedSum(float[] weights, int offset, int channels, float[] featureMaps, int height, int width) {
        return weightedSum(weights, offset, channels, featureMaps, height, width, null);
    }

    static Grid weightedSum(float[] weights, int offset, int channels, float[] featureMaps, int height, int width, boolean[] keep) {
        int cells = height * width;
        double[] map = new double[cells];
        for (int k = 0; k < channels; k++) {
            if (keep != null && !keep[k]) {
                continue;
            }
            double a = weights[offset + k];
            int base = k * cells;
            for (int c = 0; c < cells; c++) {
                map[c] += a * featureMaps[base + c];
            }
        }
        float[] out = new float[cells];
        for (int c = 0; c < cells; c++) {
            out[c] = (float) map[c];
        }
        return new Grid(height, width, out);
    }
}
