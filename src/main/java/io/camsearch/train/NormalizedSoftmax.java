package io.camsearch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The training-only top of the embedding network: one learnable proxy per training class, and
 * logits {@code s * cos(y, w_c)}. With softmax cross-entropy this is the normalized-softmax loss
 * (Zhai and Wu, "Classification is a Strong Baseline for Deep Metric Learning", 2019), a
 * proxy-based metric-learning loss.
 *
 * <p>Why proxies rather than triplets: every step pulls each embedding toward its class proxy and
 * away from all other proxies at once, so it needs no pair or triplet mining, works with small
 * batches, and converges in a few epochs, which is what a 2-core CPU can afford. Cosine logits
 * train exactly the geometry search uses (normalized embeddings, dot product). The block is
 * dropped after training; the embedding network stays.
 */
final class NormalizedSoftmax extends AbstractBlock {

    private final int classes;
    private final float scale;
    private final Parameter proxies;

    /**
     * @param scale s, the inverse softmax temperature; around 16 keeps cosine logits in a range
     *     where the softmax can become confident
     */
    NormalizedSoftmax(int classes, int embeddingDim, float scale) {
        this.classes = classes;
        this.scale = scale;
        this.proxies = addParameter(Parameter.builder()
                .setName("proxies")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, embeddingDim))
                .build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = inputs.singletonOrThrow();
        NDArray w = store.getValue(proxies, y.getDevice(), training);
        NDArray cosine = unit(y).matMul(unit(w).transpose());
        return new NDList(cosine.mul(scale));
    }

    private static NDArray unit(NDArray rows) {
        return rows.div(rows.norm(new int[] {1}, true).add(1e-12f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }
}
