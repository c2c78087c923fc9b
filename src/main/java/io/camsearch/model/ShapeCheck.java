package io.camsearch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Runs one blank image through a freshly loaded model and compares the shapes with its descriptor. */
final class ShapeCheck {

    private ShapeCheck() {}

    static void verify(EmbeddingModel model) {
        ModelDescriptor d = model.descriptor();
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray image = scratch.zeros(new Shape(1, 3, d.inputHeight(), d.inputWidth()));
            NDArray features = model.backbone(image);
            Shape expectedFeatures = new Shape(1, d.channels(), d.featureHeight(), d.featureWidth());
            if (!features.getShape().equals(expectedFeatures)) {
                throw new IllegalArgumentException("model '" + d.name() + "': the backbone maps a "
                        + d.inputHeight() + "x" + d.inputWidth() + " input to " + features.getShape()
                        + ", but the descriptor promises (N, channels, featureHeight, featureWidth) = "
                        + expectedFeatures);
            }
            NDArray embedding = model.head(features);
            Shape expectedEmbedding = new Shape(1, d.embeddingDim());
            if (!embedding.getShape().equals(expectedEmbedding)) {
                throw new IllegalArgumentException("model '" + d.name() + "': the head maps the feature map to "
                        + embedding.getShape() + ", but the descriptor promises (N, embeddingDim) = "
                        + expectedEmbedding);
            }
        }
    }
}
