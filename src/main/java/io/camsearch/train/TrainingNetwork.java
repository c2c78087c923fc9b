package io.camsearch.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The network as trained: backbone -> head -> class proxies, returning both the logits and the
 * last feature map A, so that the loss can also act on A (the activation-sparsity term).
 */
final class TrainingNetwork extends AbstractBlock {

    private final Block backbone;
    private final Block head;
    private final Block classifier;

    TrainingNetwork(Block backbone, Block head, Block classifier) {
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
        this.classifier = addChildBlock("classifier", classifier);
    }

    /** Outputs: logits (N x classes), then A (N x K x h x w). */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = backbone.forward(store, inputs, training, params);
        NDList logits = classifier.forward(store, head.forward(store, features, training, params), training, params);
        return new NDList(logits.singletonOrThrow(), features.singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] features = backbone.getOutputShapes(inputShapes);
        return new Shape[] {classifier.getOutputShapes(head.getOutputShapes(features))[0], features[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] features = backbone.getOutputShapes(inputShapes);
        head.initialize(manager, dataType, features);
        classifier.initialize(manager, dataType, head.getOutputShapes(features));
    }
}
