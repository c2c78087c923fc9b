package io.camsearch.model.nets;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.TorchRuntime;

/**
 * A ResNet-50-shaped embedding network (stem, bottleneck stages of 3, 4, 6, 3 units; 224 x 224 ->
 * 2048 x 7 x 7) with random weights. It exists for the benchmark: the cost of EmbeddingCAM on a
 * network of the size shops actually run.
 */
public final class ResNet50 {

    public static final int INPUT = 224;
    public static final int CHANNELS = 2048;
    public static final int FEATURE = 7;

    private ResNet50() {}

    public static BlockEmbeddingModel create(int embeddingDim, HeadKind head) {
        ModelDescriptor descriptor = new ModelDescriptor("resnet50-shaped-random", INPUT, INPUT,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f},
                embeddingDim, CHANNELS, FEATURE, FEATURE, head);
        return new BlockEmbeddingModel(descriptor, backbone(), Heads.create(head, embeddingDim), TorchRuntime.newManager());
    }

    static Block backbone() {
        SequentialBlock net = new SequentialBlock()
                .add(ResidualUnits.conv(64, 7, 2))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] units = {3, 4, 6, 3};
        int[] widths = {64, 128, 256, 512};
        int inChannels = 64;
        for (int stage = 0; stage < units.length; stage++) {
            for (int unit = 0; unit < units[stage]; unit++) {
                int stride = stage > 0 && unit == 0 ? 2 : 1;
                net.add(ResidualUnits.bottleneck(inChannels, widths[stage], stride));
                inChannels = 4 * widths[stage];
            }
        }
        return net;
    }
}
