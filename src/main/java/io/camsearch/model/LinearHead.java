package io.camsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The affine map of a global-average-pool -> linear head, {@code y = W mean_ij(A) + b}, read off
 * the head itself rather than out of its parameters, so that it works the same for Java blocks and
 * for frozen TorchScript (whose parameters are inlined constants).
 *
 * <p>Probing: a feature map that is the constant 1 in channel k and 0 elsewhere has mean e_k, so
 * {@code head(e_k) - head(0)} is column k of W and {@code head(0)} is b. A random feature map then
 * checks that the head really is affine in the pooled features; a head that is not is rejected,
 * because the closed-form CAM basis would silently be wrong for it.
 *
 * @param embeddingDim d
 * @param channels K
 * @param weights W, d x K, row-major
 * @param bias b, length d
 */
public record LinearHead(int embeddingDim, int channels, float[] weights, float[] bias) {

    /** Channels probed per forward, to bound memory for wide networks (K x K x h x w floats). */
    private static final int PROBE_CHUNK = 64;
    private static final double AFFINE_TOLERANCE = 1e-3;

    public static LinearHead probe(EmbeddingModel model) {
        ModelDescriptor d = model.descriptor();
        int dim = d.embeddingDim();
        int channels = d.channels();
        Shape cell = new Shape(d.featureHeight(), d.featureWidth());
        float[] weights = new float[dim * channels];
        float[] bias;
        try (NDManager scratch = model.manager().newSubManager()) {
            bias = model.head(scratch.zeros(new Shape(1, channels).addAll(cell))).toFloatArray();
            for (int start = 0; start < channels; start += PROBE_CHUNK) {
                int count = Math.min(PROBE_CHUNK, channels - start);
                float[] basis = new float[count * channels];
                for (int i = 0; i < count; i++) {
                    basis[i * channels + start + i] = 1f;
                }
                NDArray pooled = scratch.create(basis, new Shape(count, channels, 1, 1));
                float[] y = model.head(pooled.broadcast(new Shape(count, channels).addAll(cell))).toFloatArray();
                for (int i = 0; i < count; i++) {
                    for (int x = 0; x < dim; x++) {
                        weights[x * channels + start + i] = y[i * dim + x] - bias[x];
                    }
                }
            }
            LinearHead head = new LinearHead(dim, channels, weights, bias);
            head.verifyAffine(model, scratch);
            return head;
        }
    }

    /** y = W pooled + b for one pooled feature vector of length K. */
    public float[] apply(float[] pooled) {
        float[] y = bias.clone();
        for (int x = 0; x < embeddingDim; x++) {
            double sum = 0;
            for (int k = 0; k < channels; k++) {
                sum += (double) weights[x * channels + k] * pooled[k];
            }
            y[x] += (float) sum;
        }
        return y;
    }

    private void verifyAffine(EmbeddingModel model, NDManager scratch) {
        ModelDescriptor d = model.descriptor();
        int cells = d.featureCells();
        float[] features = new float[channels * cells];
        Random random = new Random(42);
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat(); // non-negative, like post-ReLU activations
        }
        float[] actual = model.head(scratch.create(features,
                new Shape(1, channels, d.featureHeight(), d.featureWidth()))).toFloatArray();
        float[] pooled = new float[channels];
        for (int k = 0; k < channels; k++) {
            double sum = 0;
            for (int c = 0; c < cells; c++) {
                sum += features[k * cells + c];
            }
            pooled[k] = (float) (sum / cells);
        }
        float[] expected = apply(pooled);
        double scale = 1e-6;
        double error = 0;
        for (int x = 0; x < embeddingDim; x++) {
            scale = Math.max(scale, Math.abs(expected[x]));
            error = Math.max(error, Math.abs(expected[x] - actual[x]));
        }
        if (error > AFFINE_TOLERANCE * scale) {
            throw new IllegalArgumentException("model '" + d.name() + "' declares a gap-linear head, but its head is "
                    + "not W mean(A) + b (max deviation " + error + " against output scale " + scale
                    + "); declare the head as 'generic'");
        }
    }
}
