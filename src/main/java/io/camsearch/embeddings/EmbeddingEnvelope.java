package io.camsearch.embeddings;

import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.ModelIdentity;

/**
 * One catalog item as the embedder publishes it: the item as the index will hold it (its id is the
 * record key, the rest the value), which model made it, and the source event it was made from as
 * its version.
 */
public record EmbeddingEnvelope(ModelIdentity model, SourceVersion version, CatalogItem item) {

    public EmbeddingEnvelope {
        if (model == null || version == null || item == null) {
            throw new IllegalArgumentException("an envelope needs a model, a version and an item");
        }
        if (item.embedding().length != model.embeddingDim()) {
            throw new IllegalArgumentException("item '" + item.id() + "' has an embedding of " + item.embedding().length
                    + " values, but model " + model + " makes " + model.embeddingDim());
        }
        if (item.basis() != null && item.basis().dim() != model.embeddingDim()) {
            throw new IllegalArgumentException("item '" + item.id() + "' has a CAM basis for " + item.basis().dim()
                    + " embedding dimensions, but model " + model + " makes " + model.embeddingDim());
        }
    }
}
