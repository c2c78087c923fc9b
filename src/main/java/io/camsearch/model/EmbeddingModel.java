package io.camsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * An embedding network split at its last convolutional layer, the split EmbeddingCAM needs:
 *
 * <pre>
 *   backbone: images (N x 3 x H x W, normalized)  ->  A (N x K x h x w)
 *   head:     A                                  ->  y (N x d, unnormalized)
 * </pre>
 *
 * <p>Implementations are thread-safe for forward passes. Gradient passes go through {@link
 * Autograd}, which serializes them, because DJL's PyTorch gradient collector is JVM-wide.
 */
public interface EmbeddingModel extends AutoCloseable {

    ModelDescriptor descriptor();

    /** The manager that owns the parameters; callers create their per-request sub-managers from it. */
    NDManager manager();

    /** Runs the backbone without recording gradients. The result is attached to the input's manager. */
    NDArray backbone(NDArray images);

    /** Runs the head without recording gradients. */
    NDArray head(NDArray featureMaps);

    /**
     * Runs the head so that autograd can differentiate y with respect to {@code featureMaps}. Call
     * only inside {@link Autograd#run}, on a tensor that requires gradients.
     */
    NDArray headForGradient(NDArray featureMaps);

    @Override
    void close();
}
