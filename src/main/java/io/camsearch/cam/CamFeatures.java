package io.camsearch.cam;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What one forward pass yields for one image: its embedding y, its last-conv feature map A (K x h
 * x w), the gradient matrix M (d x K) and the CAM basis B = M A. See {@link CamBasis} for the
 * math. A and M are kept beside B for the top-N-channels option, which needs the individual
 * channel weights {@code a = M^T p}.
 */
public final class CamFeatures {

    private final float[] embedding;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] featureMaps;
    private final float[] gradientMatrix;
    private final CamBasis basis;

    CamFeatures(float[] embedding, int channels, int height, int width, float[] featureMaps, float[] gradientMatrix, CamBasis basis) {
        this.embedding = embedding;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.featureMaps = featureMaps;
        this.gradientMatrix = gradientMatrix;
        this.basis = basis;
    }

    /** y, unnormalized, length d. */
    public float[] embedding() {
        return embedding.clone();
    }

    public CamBasis basis() {
        return basis;
    }

    public int channels() {
        return channels;
    }

    /** A, K x h x w, row-major; a copy. */
    public float[] featureMaps() {
        return featureMaps.clone();
    }

    /** M, d x K, row-major; a copy. */
    public float[] gradientMatrix() {
        return gradientMatrix.clone();
    }

    /** The channel weights a = M^T p, i.e. a_k = (1/Z) sum_ij d(y . p)/dA^k_ij. */
    public float[] channelWeights(Proxy proxy) {
        int dim = embedding.length;
        proxy.requireDim(dim);
        float[] p = proxy.values();
        double[] weights = new double[channels];
        for (int x = 0; x < dim; x++) {
            if (p[x] == 0) {
                continue;
            }
            int row = x * channels;
            for (int k = 0; k < channels; k++) {
                weights[k] += (double) p[x] * gradientMatrix[row + k];
            }
        }
        float[] out = new float[channels];
        for (int k = 0; k < channels; k++) {
            out[k] = (float) weights[k];
        }
        return out;
    }

    /** S(p) over all channels, through the basis. */
    public Grid signedMap(Proxy proxy) {
        return basis.signedMap(proxy);
    }

    /**
     * S(p) from only the {@code topChannels} channels with the largest weights a_k (ties: lower
     * channel index first). With {@code topChannels >= K} it equals {@link #signedMap(Proxy)}.
     */
    public Grid signedMap(Proxy proxy, int topChannels) {
        if (topChannels <= 0) {
            throw new IllegalArgumentException("topChannels must be > 0, got " + topChannels);
        }
        float[] weights = channelWeights(proxy);
        int[] kept = IntStream.range(0, channels).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -weights[k]).thenComparingInt(k -> k))
                .limit(topChannels)
                .mapToInt(Integer::intValue)
                .toArray();
        int cells = height * width;
        double[] map = new double[cells];
        for (int k : kept) {
            int offset = k * cells;
            for (int c = 0; c < cells; c++) {
                map[c] += (double) weights[k] * featureMaps[offset + c];
            }
        }
        float[] out = new float[cells];
        for (int c = 0; c < cells; c++) {
            out[c] = (float) map[c];
        }
        return new Grid(height, width, out);
    }
}
