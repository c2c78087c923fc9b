package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SymbolBlock;
import io.camsearch.model.Autograd;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.MirrorViews;
import io.camsearch.model.ModelDescriptor;
import java.util.function.BinaryOperator;

/**
 * Guided Grad-CAM (Selvaraju et al.) for an embedding: the guided-backpropagation gradient of
 * {@code L = y . p} at the input pixels (see {@link GuidedBackprop}), multiplied cell by cell by the
 * EmbeddingCAM heatmap ReLU(S(p)) upsampled to the input's size. The product keeps the pixel-level
 * detail of the gradient only where the proxy's heatmap is, so it is both high-resolution and
 * specific to the proxy.
 *
 * <p>It costs a backward pass through the whole network, block by block, per proxy: it is made on
 * request only, never with every search (bench-cam measures it). Available for networks of DJL
 * blocks (camsearch's own, such as the demo model); a TorchScript bundle is refused with a message
 * saying why.
 */
public final class GuidedGradCam {

    /** The network of one view: its blocks are what guided backpropagation walks. */
    private final BlockEmbeddingModel model;
    /** The model the maps come from: {@link #model}, or it with {@link MirrorViews}. */
    private final EmbeddingModel views;

    /** @throws UnsupportedOperationException when the model is a TorchScript bundle (its ReLUs are compiled in) */
    public GuidedGradCam(EmbeddingModel model) {
        EmbeddingModel network = model instanceof MirrorViews mirror ? mirror.network() : model;
        if (!(network instanceof BlockEmbeddingModel blocks) || blocks.backboneBlock() instanceof SymbolBlock
                || blocks.headBlock() instanceof SymbolBlock) {
            throw new UnsupportedOperationException(GuidedBackprop.TORCHSCRIPT);
        }
        this.model = blocks;
        this.views = model;
    }

    /** What Guided Grad-CAM gives for one image and proxy, all C x H x W at the model's input size, row-major per channel. */
    public record Result(int height, int width, float[] guidedGradient, Grid upsampledHeatmap, float[] guidedGradCam) {}

    /**
     * @param input the preprocessed image, 3 x H x W (as {@link EmbeddingCam} takes it)
     * @param signedMap the image's EmbeddingCAM signed map S(p) for this proxy (any {@link CamMethod} that gives EmbeddingCAM's S)
     */
    public Result explain(float[] input, Grid signedMap, Proxy proxy) {
        ModelDescriptor d = model.descriptor();
        int height = d.inputHeight();
        int width = d.inputWidth();
        float[] guided = guidedGradient(input, proxy);
        Grid heatmap = signedMap.relu().upsampleBilinear(height, width);
        float[] cam = heatmap.values();
        float[] product = new float[guided.length];
        int pixels = height * width;
        for (int i = 0; i < product.length; i++) {
            product[i] = guided[i] * cam[i % pixels];
        }
        return new Result(height, width, guided, heatmap, product);
    }

    /** dL/dI for {@code L = y . p} with guided ReLUs, 3 x H x W. */
    public float[] guidedGradient(float[] input, Proxy proxy) {
        ModelDescriptor d = model.descriptor();
        proxy.requireDim(d.embeddingDim());
        Shape shape = new Shape(1, 3, d.inputHeight(), d.inputWidth());
        if (input.length != shape.size()) {
            throw new IllegalArgumentException("an input of " + input.length + " values; model '" + d.name() + "' takes 3 x "
                    + d.inputHeight() + " x " + d.inputWidth() + " = " + shape.size());
        }
        return Autograd.run(collector -> {
            try (NDManager scratch = model.manager().newSubManager()) {
                GuidedBackprop guided = new GuidedBackprop(model.manager(), collector);
                NDArray image = scratch.create(input, shape);
                NDArray features = views.backbone(image);
                // dL/dy = p; back through the head, then the backbone, both guided.
                NDArray gradY = scratch.create(proxy.values(), new Shape(1, d.embeddingDim()));
                NDArray gradA = guided.backward(head(), features, gradY);
                float[] out = backboneGradient(guided, image, gradA).toFloatArray();
                assert out.length == input.length : out.length + " gradient values for " + input.length + " inputs";
                return out;
            }
        });
    }

    /** The guided gradient at the image of {@code sum(A' * gradA)}, through both views when the model has them. */
    private NDArray backboneGradient(GuidedBackprop guided, NDArray image, NDArray gradA) {
        BinaryOperator<NDArray> oneView = (x, gradOut) -> guided.backward(backbone(), x, gradOut);
        return views == model ? oneView.apply(image, gradA) : MirrorViews.backward(image, gradA, oneView);
    }

    private Block backbone() {
        return model.backboneBlock();
    }

    private Block head() {
        return model.headBlock();
    }
}
