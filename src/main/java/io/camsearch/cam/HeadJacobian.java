package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.camsearch.model.Autograd;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.util.Arrays;

/**
 * Projections R M of the gradient matrix M = (1/Z) sum_ij dy/dA_ij, for heads with no closed form,
 * from one batched backward.
 *
 * <p>The feature map is replicated once per row r of R, replica r's output is dotted with r, and
 * the dots are summed: the gradient of that sum with respect to replica r, averaged over the cells,
 * is {@code (R M)_r}. With R = the identity this yields all d rows of M (the CAM basis); with R = the
 * proxies it yields their channel weights {@code a = M^T p} directly, which is cheaper while there
 * are fewer proxies than embedding dimensions. Heads run per sample (eval mode), so replicas do not
 * interact. Replicas are processed in chunks to bound memory for wide networks.
 */
final class HeadJacobian {

    /** At most this many floats of replicated feature map per backward. */
    private static final long CHUNK_FLOATS = 8L << 20;

    private HeadJacobian() {}

    /** M for each image, d x K row-major. */
    static float[][] gradientMatrices(EmbeddingModel model, float[][] featureMaps) {
        int dim = model.descriptor().embeddingDim();
        float[][] identity = new float[dim][dim];
        for (int x = 0; x < dim; x++) {
            identity[x][x] = 1f;
        }
        float[][] matrices = new float[featureMaps.length][];
        for (int image = 0; image < featureMaps.length; image++) {
            matrices[image] = project(model, featureMaps[image], identity);
        }
        return matrices;
    }

    /**
     * R M for one image's feature map A (K x h x w), by autograd.
     *
     * @param rows R, n rows of length d
     * @return R M, n x K row-major
     */
    static float[] project(EmbeddingModel model, float[] featureMap, float[][] rows) {
        ModelDescriptor d = model.descriptor();
        int dim = d.embeddingDim();
        int channels = d.channels();
        long replicaFloats = (long) channels * d.featureCells();
        assert featureMap.length == replicaFloats
                : "a feature map of " + featureMap.length + " floats for a " + channels + " x " + d.featureCells() + " model";
        assert Arrays.stream(rows).allMatch(row -> row.length == dim) : "a projection row is not " + dim + " long";
        int chunk = (int) Math.max(1, Math.min(rows.length, CHUNK_FLOATS / replicaFloats));
        float[] projected = new float[rows.length * channels];
        Autograd.run(collector -> {
            for (int first = 0; first < rows.length; first += chunk) {
                int count = Math.min(chunk, rows.length - first);
                try (NDManager scratch = model.manager().newSubManager()) {
                    // A fresh tensor: a TorchScript backbone's output is an inference tensor,
                    // which autograd refuses to record.
                    NDArray replicas = scratch.create(featureMap, new Shape(1, channels, d.featureHeight(), d.featureWidth()))
                            .repeat(0, count);
                    replicas.setRequiresGradient(true);
                    float[] selector = new float[count * dim];
                    for (int r = 0; r < count; r++) {
                        System.arraycopy(rows[first + r], 0, selector, r * dim, dim);
                    }
                    NDArray selected = model.headForGradient(replicas).mul(scratch.create(selector, new Shape(count, dim))).sum();
                    collector.backward(selected);
                    float[] part = replicas.getGradient().reshape(count, channels, -1).mean(new int[] {2}).toFloatArray();
                    assert part.length == count * channels : "the backward gave " + part.length + " weights for " + count + " x " + channels;
                    System.arraycopy(part, 0, projected, first * channels, part.length);
                }
            }
            return null;
        });
        return projected;
    }
}
