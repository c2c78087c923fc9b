package io.camsearch.bench;

import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.Vectors;
import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.ModelIdentity;
import java.util.List;
import java.util.Random;

/**
 * Catalog items made without a model, as many as a rebuild needs, each the same every time it is
 * asked for (so the topic and the direct build get the same items without holding them all): item
 * {@code i} has id {@code synthetic-<i>}, version (0, i), a random unit embedding of the model's
 * size, and the CAM basis, thumbnail and metadata of one of the sample items (real items of the
 * model), so that an envelope has the bytes a real one has whatever the codec does with them.
 */
final class SyntheticEnvelopes {

    private final ModelIdentity model;
    private final SharedGradient gradient;
    private final List<CatalogItem> samples;
    private final long seed;

    /**
     * @param gradient {@code model}'s shared M (null for a head without one): the envelopes carry the explanation as the index stores it
     * @param samples real items of {@code model}, taken in turn
     */
    SyntheticEnvelopes(ModelIdentity model, SharedGradient gradient, List<CatalogItem> samples, long seed) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("synthetic envelopes need at least one sample item");
        }
        this.model = model;
        this.gradient = gradient;
        this.samples = List.copyOf(samples);
        this.seed = seed;
    }

    static String id(int i) {
        return "synthetic-" + i;
    }

    static SourceVersion version(int i) {
        return new SourceVersion(0, i);
    }

    /** Item {@code i}, with its version as its source (as a searcher stores it). */
    CatalogItem item(int i) {
        CatalogItem sample = samples.get(i % samples.size());
        return new CatalogItem(id(i), unitVector(i), sample.basis(), sample.metadata(), sample.thumbnail()).withSource(version(i));
    }

    /** Item {@code i}'s record value on the embeddings topic. */
    byte[] envelope(int i) {
        return EnvelopeCodec.encode(EmbeddingEnvelope.of(model, version(i), item(i), gradient));
    }

    /** Item {@code i}'s embedding. */
    float[] unitVector(int i) {
        return Vectors.normalized(Samples.gaussian(new Random(seed * 1_000_003L + i), model.embeddingDim()));
    }
}
