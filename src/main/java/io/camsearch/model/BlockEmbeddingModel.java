package io.camsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

/**
 * An embedding network as two DJL blocks: Java-defined blocks (the built-in demo network, the
 * networks the tests build) or TorchScript modules (see {@link TorchScriptBundle}).
 *
 * <p>The two differ in one thing: how the head must run to record gradients. A Java block has no
 * inference-mode state, so it runs with {@code training = false} either way. A TorchScript forward
 * with {@code training = false} runs under libtorch's InferenceMode, whose tensors autograd cannot
 * record, so a TorchScript head's gradient forward runs with {@code training = true}, harmless
 * only because bundles are exported frozen.
 */
public final class BlockEmbeddingModel implements EmbeddingModel {

    private final ModelDescriptor descriptor;
    private final Block backbone;
    private final Block head;
    private final NDManager manager;
    private final boolean gradientForwardInTrainingMode;

    /**
     * Wraps two Java-defined blocks, initializing their parameters (with the blocks' own
     * initializers) if they have none yet, and checks that they produce the shapes the descriptor
     * promises.
     */
    public BlockEmbeddingModel(ModelDescriptor descriptor, Block backbone, Block head, NDManager manager) {
        this(descriptor, backbone, head, manager, false);
        Shape input = new Shape(1, 3, descriptor.inputHeight(), descriptor.inputWidth());
        Shape features = new Shape(1, descriptor.channels(), descriptor.featureHeight(), descriptor.featureWidth());
        if (!backbone.isInitialized()) {
            backbone.initialize(manager, DataType.FLOAT32, input);
        }
        if (!head.isInitialized()) {
            head.initialize(manager, DataType.FLOAT32, features);
        }
        ShapeCheck.verify(this);
    }

    /** Wraps two loaded TorchScript modules; see {@link TorchScriptBundle}. */
    BlockEmbeddingModel(ModelDescriptor descriptor, Block backbone, Block head, NDManager manager, boolean gradientForwardInTrainingMode) {
        this.descriptor = descriptor;
        this.backbone = backbone;
        this.head = head;
        this.manager = manager;
        this.gradientForwardInTrainingMode = gradientForwardInTrainingMode;
    }

    public Block backboneBlock() {
        return backbone;
    }

    public Block headBlock() {
        return head;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray backbone(NDArray images) {
        return GradMode.disabled(() -> backbone instanceof SequentialBlock sequential
                ? forwardStepwise(sequential, images)
                : forward(backbone, images, false));
    }

    /**
     * A sequential Java backbone, one child at a time, each in its own sub-manager: DJL keeps every
     * intermediate array of a Java block's forward until the input's manager closes, so a batch of
     * 32 through the ResNet-50-shaped backbone held all its activations at once (on two threads a
     * loop of such batches swung between 5 and 13 GB resident, 1.3-3.6 GB stepwise), and an
     * ingesting service with two model workers grew past 15 GB and was killed. Here each child's
     * intermediates are freed as soon as its output exists, and the previous output with them;
     * the result is the same array the plain forward gives, attached to the input's manager.
     * Inference only: a backward pass (guided backpropagation) walks the blocks itself.
     */
    private NDArray forwardStepwise(SequentialBlock sequential, NDArray images) {
        NDManager outer = images.getManager();
        NDArray x = images;
        for (Block child : sequential.getChildren().values()) {
            NDArray next;
            try (NDManager step = outer.newSubManager()) {
                x.tempAttach(step);
                next = forward(child, x, false);
                next.attach(outer);
            }
            if (x != images && x != next) { // an identity child returns its input
                x.close();
            }
            x = next;
        }
        return x;
    }

    @Override
    public NDArray head(NDArray featureMaps) {
        return GradMode.disabled(() -> forward(head, featureMaps, false));
    }

    @Override
    public NDArray headForGradient(NDArray featureMaps) {
        return forward(head, featureMaps, gradientForwardInTrainingMode);
    }

    private NDArray forward(Block block, NDArray input, boolean training) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), training).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
