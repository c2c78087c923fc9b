package io.camsearch.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;

/**
 * Small, seeded DJL networks for tests: a two-conv backbone (3 x 16 x 16 -> 8 x 8 x 8) and either a
 * gap-linear head or a non-linear pool -> FC -> ReLU -> FC head. Biases are non-zero on purpose,
 * so that tests can see the bias term.
 */
public final class TestNetworks {

    public static final int INPUT = 16;
    public static final int CHANNELS = 8;
    public static final int FEATURE = 8;
    public static final int DIM = 6;

    private TestNetworks() {}

    /** A network whose head is global average pool -> Linear(K, d); {@code linear} receives the Linear block. */
    public static BlockEmbeddingModel linearHead(int seed, Linear[] linear) {
        Linear fc = Linear.builder().setUnits(DIM).build();
        if (linear != null) {
            linear[0] = fc;
        }
        SequentialBlock head = new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(fc);
        return build(seed, head, HeadKind.GAP_LINEAR, "test-linear");
    }

    /** A network whose head is global average pool -> Linear(K, 16) -> ReLU -> Linear(16, d). */
    public static BlockEmbeddingModel mlpHead(int seed) {
        SequentialBlock head = new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(DIM).build());
        return build(seed, head, HeadKind.GENERIC, "test-mlp");
    }

    private static BlockEmbeddingModel build(int seed, SequentialBlock head, HeadKind kind, String name) {
        SequentialBlock backbone = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(CHANNELS).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optStride(new Shape(2, 2)).setFilters(CHANNELS).build())
                .add(Activation.reluBlock());
        backbone.setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
        backbone.setInitializer(new NormalInitializer(0.1f), Parameter.Type.BIAS);
        head.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
        head.setInitializer(new NormalInitializer(0.5f), Parameter.Type.BIAS);
        TorchRuntime.engine().setRandomSeed(seed);
        ModelDescriptor descriptor = new ModelDescriptor(name, INPUT, INPUT, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}, DIM, CHANNELS, FEATURE, FEATURE, kind);
        return new BlockEmbeddingModel(descriptor, backbone, head, TorchRuntime.newManager());
    }

    /** Seeded random inputs of the test networks' size (3 x 16 x 16), roughly normalized. */
    public static float[] randomInput(long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] input = new float[3 * INPUT * INPUT];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        return input;
    }

    public static float[] randomVector(long seed, int dim) {
        java.util.Random random = new java.util.Random(seed);
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
