package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.camsearch.model.Autograd;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;

/**
 * The paper's algorithm taken literally: for each proxy p, one backward pass of {@code L = y . p}
 * to the feature map, {@code a_k = (1/Z) sum_ij dL/dA^k_ij}, {@code S = sum_k a_k A^k}. The service
 * never uses it (the {@link CamBasis} gives the same maps without a backward per proxy); it is the
 * reference that the basis path is tested against and the baseline of the benchmark.
 */
public final class LiteralEmbeddingCam {

    private final EmbeddingModel model;

    public LiteralEmbeddingCam(EmbeddingModel model) {
        this.model = model;
    }

    /** a = (1/Z) sum_ij d(y . p)/dA_ij by autograd, for the feature map A (K x h x w). */
    public float[] channelWeights(float[] featureMap, Proxy proxy) {
        ModelDescriptor d = model.descriptor();
        proxy.requireDim(d.embeddingDim());
        return Autograd.run(collector -> {
            try (NDManager scratch = model.manager().newSubManager()) {
                NDArray a = scratch.create(featureMap, new Shape(1, d.channels(), d.featureHeight(), d.featureWidth()));
                a.setRequiresGradient(true);
                NDArray y = model.headForGradient(a);
                NDArray score = y.mul(scratch.create(proxy.values(), new Shape(1, d.embeddingDim()))).sum();
                collector.backward(score);
                return a.getGradient().reshape(1, d.channels(), -1).mean(new int[] {2}).toFloatArray();
            }
        });
    }

    /** S = sum_k a_k A^k with the autograd channel weights, before the ReLU. */
    public Grid signedMap(float[] featureMap, Proxy proxy) {
        ModelDescriptor d = model.descriptor();
        float[] weights = channelWeights(featureMap, proxy);
        return ChannelMaps.weightedSum(weights, 0, d.channels(), featureMap, d.featureHeight(), d.featureWidth());
    }
}
