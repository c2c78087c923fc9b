package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Guided backpropagation (Springenberg et al., used by Grad-CAM's Guided Grad-CAM) through a tree of
 * DJL blocks, one block at a time from the output back: at each ReLU the gradient passes only where
 * it is positive and where the ReLU's input was positive; through every other leaf block it is that
 * block's vector-Jacobian product, by autograd.
 *
 * <p>Why block by block: the guided rule depends on the incoming gradient, which no forward
 * expression can state, and DJL offers no custom backward for a block. What it can go through:
 * sequential blocks, parallel blocks whose join adds the branches (residual units; checked on the
 * actual outputs), ReLUs ({@code Activation.reluBlock()}), and leaves without a ReLU inside
 * (convolutions, batch norm in inference, linear layers, pooling). A compiled TorchScript module
 * hides its ReLUs and is refused.
 */
final class GuidedBackprop {

    /** The name DJL gives the block {@code Activation.reluBlock()} makes. */
    private static final String RELU = "ReLU";
    /** How far a parallel block's output may be from the sum of its branches' and still count as their sum. */
    private static final float SUM_TOLERANCE = 1e-4f;

    private final NDManager parameters;
    private final GradientCollector collector;

    GuidedBackprop(NDManager parameters, GradientCollector collector) {
        this.parameters = parameters;
        this.collector = collector;
    }

    /** The guided gradient at {@code input} of {@code sum(block(input) * gradOut)}. */
    NDArray backward(Block block, NDArray input, NDArray gradOut) {
        if (block instanceof SymbolBlock) {
            throw new UnsupportedOperationException(TORCHSCRIPT);
        }
        if (block instanceof SequentialBlock) {
            List<Block> children = block.getChildren().values();
            List<NDArray> inputs = new ArrayList<>(children.size());
            NDArray x = input;
            for (Block child : children) {
                inputs.add(x);
                x = forward(child, x);
            }
            NDArray g = gradOut;
            for (int i = children.size() - 1; i >= 0; i--) {
                g = backward(children.get(i), inputs.get(i), g);
            }
            return g;
        }
        if (block instanceof ParallelBlock) {
            List<Block> branches = block.getChildren().values();
            NDArray sum = null;
            NDArray g = null;
            for (Block branch : branches) {
                NDArray out = forward(branch, input);
                sum = sum == null ? out : sum.add(out);
                NDArray part = backward(branch, input, gradOut);
                g = g == null ? part : g.add(part);
            }
            NDArray joined = forward(block, input);
            if (sum == null || !joined.allClose(sum, SUM_TOLERANCE, SUM_TOLERANCE, false)) {
                throw new UnsupportedOperationException("guided backpropagation goes through parallel blocks that add their branches"
                        + " (residual units); this network joins them otherwise");
            }
            return g;
        }
        if (block instanceof LambdaBlock lambda && RELU.equals(lambda.getName())) {
            NDArray passes = input.gt(0).logicalAnd(gradOut.gt(0)).toType(DataType.FLOAT32, false);
            return gradOut.mul(passes);
        }
        if (!block.getChildren().isEmpty()) {
            throw new UnsupportedOperationException("guided backpropagation cannot go through a block of kind '"
                    + block.getClass().getSimpleName() + "' with children");
        }
        return vectorJacobian(block, input, gradOut);
    }

    /** {@code gradOut^T d block / d input} by autograd, for a leaf with no ReLU inside. */
    private NDArray vectorJacobian(Block leaf, NDArray input, NDArray gradOut) {
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        NDArray y = forward(leaf, x);
        collector.backward(y.mul(gradOut).sum());
        return x.getGradient().duplicate();
    }

    private NDArray forward(Block block, NDArray input) {
        return block.forward(new ParameterStore(parameters, false), new NDList(input), false).singletonOrThrow();
    }

    static final String TORCHSCRIPT = "guided backpropagation needs the network's ReLUs, which a TorchScript bundle compiles"
            + " into its modules; it is available for camsearch's own networks (the demo model), and EmbeddingCAM for every model";
}
