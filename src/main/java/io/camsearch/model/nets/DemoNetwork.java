package io.camsearch.model.nets;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.TorchRuntime;

/**
 * camsearch's built-in embedding network: a small residual CNN (96 x 96 -> 128 x 12 x 12, output
 * stride 8) with a global-average-pool -> linear head to d = 128. About 50 M multiply-adds per
 * image, so that it trains on a 2-core CPU within minutes; the stride of 8 (rather than the usual
 * 32) keeps a 12 x 12 feature map, fine enough for heatmaps to outline an object.
 */
public final class DemoNetwork {

    public static final String NAME = "camsearch-demo";
    public static final int INPUT = 96;
    public static final int CHANNELS = 128;
    public static final int FEATURE = 12;
    public static final int EMBEDDING_DIM = 128;

    private DemoNetwork() {}

    public static ModelDescriptor descriptor(HeadKind head) {
        return new ModelDescriptor(NAME, INPUT, INPUT, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}, EMBEDDING_DIM, CHANNELS, FEATURE, FEATURE, head);
    }

    /** The network with freshly initialized (random) weights. */
    public static BlockEmbeddingModel create(HeadKind head) {
        return new BlockEmbeddingModel(descriptor(head), backbone(), Heads.create(head, EMBEDDING_DIM), TorchRuntime.newManager());
    }

    /** The network with random weights from a fixed seed (the model-randomization check). */
    public static BlockEmbeddingModel createSeeded(HeadKind head, int seed) {
        TorchRuntime.engine().setRandomSeed(seed);
        return create(head);
    }

    public static Block backbone() {
        return new SequentialBlock()
                .add(ResidualUnits.conv(24, 3, 2))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(ResidualUnits.basic(24, 32, 2))
                .add(ResidualUnits.basic(32, 64, 2))
                .add(ResidualUnits.basic(64, CHANNELS, 1));
    }
}
