package io.camsearch.cam;

/**
 * What the model made of one image, as far as a {@link CamMethod} needs it: its embedding y, and
 * as many of these as were computed or kept: the last-conv feature map A (K x h x w), the gradient
 * matrix M (d x K) and the CAM basis B = M A (see the package documentation for the math).
 *
 * <ul>
 *   <li>{@link EmbeddingCam#analyze}: all of them (a query, an image being ingested);
 *   <li>{@link EmbeddingCam#forward}: y and A, no M or B (what the literal and proxy-batch methods start from);
 *   <li>{@link #stored}: y and B (a catalog item keeps only these).
 * </ul>
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
        assert featureMaps == null || featureMaps.length == (long) channels * height * width
                : featureMaps.length + " feature-map values for " + channels + " x " + height + " x " + width;
        this.embedding = embedding;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.featureMaps = featureMaps;
        this.gradientMatrix = gradientMatrix;
        this.basis = basis;
    }

    /** A catalog item as stored: its embedding and its CAM basis, enough for {@link ThroughBasis} and {@link Counterfactual} of it. */
    public static CamFeatures stored(float[] embedding, CamBasis basis) {
        if (embedding.length != basis.dim()) {
            throw new IllegalArgumentException("an embedding of " + embedding.length + " values with a basis of dimension " + basis.dim());
        }
        return new CamFeatures(embedding.clone(), 0, basis.height(), basis.width(), null, null, basis);
    }

    /** y, unnormalized, length d. */
    public float[] embedding() {
        return embedding.clone();
    }

    /** B. */
    public CamBasis basis() {
        if (basis == null) {
            throw new IllegalStateException("this image was embedded without its CAM basis (a forward pass only)");
        }
        return basis;
    }

    /** K, the channels of A. */
    public int channels() {
        requireFeatureMaps();
        return channels;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** A, K x h x w, row-major; a copy. */
    public float[] featureMaps() {
        return featureMapsView().clone();
    }

    /** A without a copy, for the methods in this package. */
    float[] featureMapsView() {
        requireFeatureMaps();
        return featureMaps;
    }

    /** M, d x K, row-major; a copy. */
    public float[] gradientMatrix() {
        if (gradientMatrix == null) {
            throw new IllegalStateException("this image was embedded without its gradient matrix (a forward pass only, or a stored item)");
        }
        return gradientMatrix.clone();
    }

    /** The channel weights a = M^T p, i.e. a_k = (1/Z) sum_ij d(y . p)/dA^k_ij. */
    public float[] channelWeights(Proxy proxy) {
        proxy.requireDim(embedding.length);
        if (gradientMatrix == null) {
            throw new IllegalStateException("channel weights need the gradient matrix, which this image was embedded without");
        }
        return ChannelMaps.project(new float[][] {proxy.values()}, gradientMatrix, channels);
    }

    /** S(p) over all channels, through the basis ({@link ThroughBasis}). */
    public Grid signedMap(Proxy proxy) {
        return ThroughBasis.INSTANCE.signedMap(this, proxy);
    }

    /** S(p) from only the {@code topChannels} channels with the largest weights ({@link TopChannels}). */
    public Grid signedMap(Proxy proxy, int topChannels) {
        return new TopChannels(topChannels).signedMap(this, proxy);
    }

    private void requireFeatureMaps() {
        if (featureMaps == null) {
            throw new IllegalStateException("this method needs the image's feature map, which a stored catalog item does not keep");
        }
    }
}
