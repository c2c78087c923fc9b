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
        proxy.requireDim(embedding.length);
        return ChannelMaps.project(new float[][] {proxy.values()}, gradientMatrix, channels);
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
        boolean[] keep = new boolean[channels];
        IntStream.range(0, channels).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -weights[k]).thenComparingInt(k -> k))
                .limit(topChannels)
                .forEach(k -> keep[k] = true);
        return ChannelMaps.weightedSum(weights, 0, channels, featureMaps, height, width, keep);
    }
}
