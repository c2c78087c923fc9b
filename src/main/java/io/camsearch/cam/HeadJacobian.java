package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.camsearch.model.Autograd;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;

/**
 * M = (1/Z) sum_ij dy/dA_ij for a head with no closed form, from one batched backward.
 *
 * <p>The feature map is replicated once per embedding component x, replica x's output x is
 * selected, and the selected outputs are summed: the gradient of that sum with respect to replica x
 * is dy_x/dA, so one backward yields all d rows of M. Heads run per sample (eval mode), so the
 * replicas do not interact. Replicas are processed in chunks to bound memory for wide networks.
 */
final class HeadJacobian {

    /** At most this many floats of replicated feature map per backward. */
    private static final long CHUNK_FLOATS = 8L << 20;

    private HeadJacobian() {}

    /**
     * @param featureMaps A for each image, K x h x w each
     * @return M for each image, d x K row-major
     */
    static float[][] gradientMatrices(EmbeddingModel model, float[][] featureMaps) {
        ModelDescriptor d = model.descriptor();
        int dim = d.embeddingDim();
        int channels = d.channels();
        long replicaFloats = (long) channels * d.featureCells();
        int chunk = (int) Math.max(1, Math.min(dim, CHUNK_FLOATS / replicaFloats));
        return Autograd.run(collector -> {
            float[][] matrices = new float[featureMaps.length][dim * channels];
            for (int image = 0; image < featureMaps.length; image++) {
                for (int first = 0; first < dim; first += chunk) {
                    int rows = Math.min(chunk, dim - first);
                    try (NDManager scratch = model.manager().newSubManager()) {
                        // A fresh tensor: a TorchScript backbone's output is an inference tensor,
                        // which autograd refuses to record.
                        NDArray replicas = scratch.create(featureMaps[image],
                                        new Shape(1, channels, d.featureHeight(), d.featureWidth()))
                                .repeat(0, rows);
                        replicas.setRequiresGradient(true);
                        NDArray outputs = model.headForGradient(replicas);
                        float[] selector = new float[rows * dim];
                        for (int r = 0; r < rows; r++) {
                            selector[r * dim + first + r] = 1f;
                        }
                        NDArray selected = outputs.mul(scratch.create(selector, new Shape(rows, dim))).sum();
                        collector.backward(selected);
                        float[] rowsOfM = replicas.getGradient().reshape(rows, channels, -1).mean(new int[] {2}).toFloatArray();
                        System.arraycopy(rowsOfM, 0, matrices[image], first * channels, rowsOfM.length);
                    }
                }
            }
            return matrices;
        });
    }
}
