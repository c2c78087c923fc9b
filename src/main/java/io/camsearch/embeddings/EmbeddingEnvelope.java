package io.camsearch.embeddings;

import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.ModelIdentity;

/**
 * One catalog item as the embedder publishes it: the item as the index will hold it (its id is the
 * record key, the rest the value), which model made it, and the source event it was made from as
 * its version. The item's explanation is in the form the index stores ({@link
 * CatalogItem#explanation()}, never a decoded basis): a searcher stores those bytes as they are.
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
        if (item.basis() != null) {
            throw new IllegalArgumentException("item '" + item.id() + "' carries a decoded CAM basis; an envelope carries it in its stored form,"
                    + " encoded with the model's gradient matrix");
        }
    }

    /**
     * The envelope of {@code item} as the embedder made it: its basis, if any, in the form the index
     * stores ({@link StoredExplanation#of}), encoded here once.
     *
     * @param gradient {@code model}'s shared M (a pool -> linear head), null for another head
     */
    public static EmbeddingEnvelope of(ModelIdentity model, SourceVersion version, CatalogItem item, SharedGradient gradient) {
        if (item.basis() == null) {
            return new EmbeddingEnvelope(model, version, item);
        }
        if (item.basis().dim() != item.embedding().length) {
            throw new IllegalArgumentException("item '" + item.id() + "' has a CAM basis for " + item.basis().dim()
                    + " embedding dimensions, but an embedding of " + item.embedding().length);
        }
        return new EmbeddingEnvelope(model, version, item.withExplanation(StoredExplanation.of(item.basis(), item.embedding(), gradient)));
    }
}
