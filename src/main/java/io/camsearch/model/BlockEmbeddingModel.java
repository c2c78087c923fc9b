package io.camsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * An embedding network defined in Java with DJL blocks (the built-in demo network, and the
 * networks the tests build). Java blocks carry no inference-mode state, so the same head block
 * serves plain and gradient forwards with {@code training = false}.
 */
public final class BlockEmbeddingModel implements EmbeddingModel {

    private final ModelDescriptor descriptor;
    private final Block backbone;
    private final Block head;
    private final NDManager manager;

    /**
     * Wraps two blocks, initializing their parameters (with the blocks' own initializers) if they
     * have none yet, and checks that they produce the shapes the descriptor promises.
     */
    public BlockEmbeddingModel(ModelDescriptor descriptor, Block backbone, Block head, NDManager manager) {
        this.descriptor = descriptor;
        this.backbone = backbone;
        this.head = head;
        this.manager = manager;
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
        return GradMode.disabled(() -> forward(backbone, images));
    }

    @Override
    public NDArray head(NDArray featureMaps) {
        return GradMode.disabled(() -> forward(head, featureMaps));
    }

    @Override
    public NDArray headForGradient(NDArray featureMaps) {
        return forward(head, featureMaps);
    }

    private NDArray forward(Block block, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
