package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.camsearch.model.Autograd;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's algorithm taken literally: for each proxy p, one backward pass of {@code L = y . p}
 * to the feature map, {@code a_k = (1/Z) sum_ij dL/dA^k_ij}, {@code S = sum_k a_k A^k}. The service
 * never uses it ({@link ThroughBasis} gives the same maps without a backward per proxy); it is the
 * reference that the basis path is tested against and the baseline of the benchmark. Needs the
 * feature map only ({@link EmbeddingCam#forward} is enough).
 */
public final class LiteralEmbeddingCam implements CamMethod {

    private final EmbeddingModel model;

    public LiteralEmbeddingCam(EmbeddingModel model) {
        this.model = model;
    }

    /** a = (1/Z) sum_ij d(y . p)/dA_ij by autograd, at the image's feature map A (K x h x w). */
    public float[] channelWeights(CamFeatures image, Proxy proxy) {
        ModelDescriptor d = model.descriptor();
        proxy.requireDim(d.embeddingDim());
        float[] featureMap = image.featureMapsView();
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

    /** S = sum_k a_k A^k with the autograd channel weights, one backward per proxy. */
    @Override
    public List<Grid> signedMaps(CamFeatures image, List<Proxy> proxies) {
        ModelDescriptor d = model.descriptor();
        List<Grid> maps = new ArrayList<>(proxies.size());
        for (Proxy proxy : proxies) {
            float[] weights = channelWeights(image, proxy);
            maps.add(ChannelMaps.weightedSum(weights, 0, d.channels(), image.featureMapsView(), d.featureHeight(), d.featureWidth()));
        }
        return maps;
    }
}
