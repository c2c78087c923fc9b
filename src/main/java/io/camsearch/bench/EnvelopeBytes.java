package io.camsearch.bench;

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
 */
record EnvelopeBytes(double embedding, double basis, double thumbnail, double metadata, double overhead, double envelope) {

    /** The mean over {@code items}, each encoded as {@code model}'s envelope. */
    static EnvelopeBytes meanOf(ModelIdentity model, List<CatalogItem> items) {
        assert !items.isEmpty() : "no items to measure";
        double[] sums = new double[6];
        for (CatalogItem item : items) {
            EnvelopeBytes one = of(model, item);
            double[] values = {one.embedding, one.basis, one.thumbnail, one.metadata, one.overhead, one.envelope};
            for (int k = 0; k < sums.length; k++) {
                sums[k] += values[k];
            }
        }
        int n = items.size();
        return new EnvelopeBytes(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n);
    }

    static EnvelopeBytes of(ModelIdentity model, CatalogItem item) {
        int whole = size(model, item);
        int basis = whole - size(model, new CatalogItem(item.id(), item.embedding(), null, item.metadata(), item.thumbnail()));
        int thumbnail = whole - size(model, new CatalogItem(item.id(), item.embedding(), item.basis(), item.metadata(), null));
        int metadata = whole - size(model, new CatalogItem(item.id(), item.embedding(), item.basis(), Map.of(), item.thumbnail()));
        int d = model.embeddingDim();
        double embedding = d;
        if (d > 1) {
            CatalogItem bare = new CatalogItem(item.id(), item.embedding(), null, Map.of(), null);
            CatalogItem single = new CatalogItem(item.id(), new float[] {1f}, null, Map.of(), null);
            int perValuesButOne = size(model, bare) - size(new ModelIdentity(model.name(), model.weightsSha256(), 1), single);
            embedding = (double) perValuesButOne * d / (d - 1);
        }
        double overhead = whole - embedding - basis - thumbnail - metadata;
        return new EnvelopeBytes(embedding, basis, thumbnail, metadata, overhead, whole);
    }

    private static int size(ModelIdentity model, CatalogItem item) {
        return EnvelopeCodec.encode(new EmbeddingEnvelope(model, SyntheticEnvelopes.version(0), item)).length;
    }
}
