package io.camsearch.model.nets;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelDescriptor;

/**
 * camsearch's built-in embedding network: a small residual CNN (128 x 128 -> 128 x 8 x 8) with a
 * global-average-pool -> linear head to d = 128. Small enough to train on a 2-core machine, deep
 * enough (four stages, receptive field covering the image) to tell fine-grained classes apart.
 */
public final class DemoNetwork {

    public static final String NAME = "camsearch-demo";
    public static final int INPUT = 128;
    public static final int CHANNELS = 128;
    public static final int FEATURE = 8;
    public static final int EMBEDDING_DIM = 128;

    private DemoNetwork() {}

    public static ModelDescriptor descriptor(HeadKind head) {
        return new ModelDescriptor(NAME, INPUT, INPUT, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}, EMBEDDING_DIM, CHANNELS, FEATURE, FEATURE, head);
    }

    /** The network with freshly initialized (random) weights. */
    public static BlockEmbeddingModel create(HeadKind head) {
        return new BlockEmbeddingModel(descriptor(head), backbone(), Heads.create(head, EMBEDDING_DIM), NDManager.newBaseManager());
    }

    static Block backbone() {
        return new SequentialBlock()
                .add(ResidualUnits.conv(32, 3, 2))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(ResidualUnits.basic(32, 32, 1))
                .add(ResidualUnits.basic(32, 64, 2))
                .add(ResidualUnits.basic(64, 128, 2))
                .add(ResidualUnits.basic(128, CHANNELS, 2));
    }
}
