package io.camsearch.model.nets;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * Residual units (He et al., "Deep Residual Learning") built from DJL blocks: the two-conv basic
 * unit of the demo network and the 1x1-3x3-1x1 bottleneck of ResNet-50. Each is {@code ReLU(F(x) +
 * shortcut(x))}, the shortcut a strided 1x1 conv + batch norm when the shape changes.
 */
public final class ResidualUnits {

    private ResidualUnits() {}

    /** conv 3x3 -> BN -> ReLU -> conv 3x3 -> BN, plus shortcut, then ReLU. */
    public static Block basic(int inChannels, int outChannels, int stride) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(outChannels, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(outChannels, 3, 1))
                .add(BatchNorm.builder().build());
        return join(residual, shortcut(inChannels, outChannels, stride));
    }

    /** conv 1x1 -> BN -> ReLU -> conv 3x3 (stride) -> BN -> ReLU -> conv 1x1 (4x width) -> BN, plus shortcut, then ReLU. */
    public static Block bottleneck(int inChannels, int width, int stride) {
        int outChannels = 4 * width;
        SequentialBlock residual = new SequentialBlock()
                .add(conv(width, 1, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(width, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(outChannels, 1, 1))
                .add(BatchNorm.builder().build());
        return join(residual, shortcut(inChannels, outChannels, stride));
    }

    /** A square convolution with "same" padding and no bias (batch norm follows). */
    public static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private static Block shortcut(int inChannels, int outChannels, int stride) {
        if (inChannels == outChannels && stride == 1) {
            return Blocks.identityBlock();
        }
        return new SequentialBlock().add(conv(outChannels, 1, stride)).add(BatchNorm.builder().build());
    }

    private static Block join(Block residual, Block shortcut) {
        return new SequentialBlock()
                .add(new ParallelBlock(
                        branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                        List.of(residual, shortcut)))
                .add(Activation.reluBlock());
    }
}
