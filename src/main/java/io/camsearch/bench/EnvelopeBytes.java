package io.camsearch.bench;

import io.camsearch.cam.SharedGradient;
import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.index.CatalogItem;
import io.camsearch.model.ModelIdentity;
import java.util.List;
import java.util.Map;

/**
 * An envelope's bytes by field, measured with {@link EnvelopeCodec} itself rather than from its
 * layout, so that they follow whatever it encodes: each optional part is the difference its
 * presence makes to the encoded size; the embedding is what one value costs (the difference
 * between an embedding of d values and one of 1, over d - 1) times d; the overhead (version,
 * model identity, source version, lengths and flags) is the rest. The five add up to the envelope.
 *
 * @param explanation the item's stored explanation ({@link io.camsearch.cam.StoredExplanation}) with its shape and length
 */
record EnvelopeBytes(double embedding, double explanation, double thumbnail, double metadata, double overhead, double envelope) {

    /** The mean over {@code items}, each encoded as {@code model}'s envelope (its explanation with {@code gradient}, the model's M or null). */
    static EnvelopeBytes meanOf(ModelIdentity model, SharedGradient gradient, List<CatalogItem> items) {
        assert !items.isEmpty() : "no items to measure";
        double[] sums = new double[6];
        for (CatalogItem item : items) {
            EnvelopeBytes one = of(model, gradient, item);
            double[] values = {one.embedding, one.explanation, one.thumbnail, one.metadata, one.overhead, one.envelope};
            for (int k = 0; k < sums.length; k++) {
                sums[k] += values[k];
            }
        }
        int n = items.size();
        return new EnvelopeBytes(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n);
    }

    static EnvelopeBytes of(ModelIdentity model, SharedGradient gradient, CatalogItem item) {
        CatalogItem sent = EmbeddingEnvelope.of(model, SyntheticEnvelopes.version(0), item, gradient).item();
        int whole = size(model, sent);
        int explanation = whole - size(model, new CatalogItem(sent.id(), sent.embedding(), null, sent.metadata(), sent.thumbnail()));
        int thumbnail = whole - size(model, new CatalogItem(sent.id(), sent.embedding(), null, sent.metadata(), null, null, sent.explanation()));
        int metadata = whole - size(model, new CatalogItem(sent.id(), sent.embedding(), null, Map.of(), sent.thumbnail(), null, sent.explanation()));
        int d = model.embeddingDim();
        double embedding = d;
        if (d > 1) {
            CatalogItem bare = new CatalogItem(sent.id(), sent.embedding(), null, Map.of(), null);
            CatalogItem single = new CatalogItem(sent.id(), new float[] {1f}, null, Map.of(), null);
            int perValuesButOne = size(model, bare) - size(new ModelIdentity(model.name(), model.weightsSha256(), 1), single);
            embedding = (double) perValuesButOne * d / (d - 1);
        }
        double overhead = whole - embedding - explanation - thumbnail - metadata;
        return new EnvelopeBytes(embedding, explanation, thumbnail, metadata, overhead, whole);
    }

    private static int size(ModelIdentity model, CatalogItem item) {
        return EnvelopeCodec.encode(new EmbeddingEnvelope(model, SyntheticEnvelopes.version(0), item)).length;
    }
}
