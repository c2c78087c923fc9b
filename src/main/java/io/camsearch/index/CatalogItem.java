package io.camsearch.index;

import io.camsearch.cam.CamBasis;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.image.Thumbnail;
import java.util.Map;

/**
 * A catalog item as the index holds it: its id, its embedding (unnormalized, as the model gave
 * it), its CAM basis (so the hit-side heatmap costs nothing at search time), its metadata and a
 * thumbnail of its image (so a hit can be shown, with its heatmap, without the original).
 *
 * @param basis null when the item was indexed without one (then no hit-side heatmap)
 * @param metadata values are strings (filterable by term) or numbers (filterable by range)
 * @param thumbnail null when the item was indexed without an image
 * @param source where its source event sits, null when unknown (indexed before sources were
 *     stored, or by an ingestor that does not compare versions)
 * @param explanation the explanation already in the form the index stores ({@link StoredExplanation}),
 *     as an embeddings envelope carries it: stored as it is, so a searcher neither decodes nor
 *     re-encodes it; null when {@code basis} holds it, or the item has none. An item has at most one of
 *     the two.
 */
public record CatalogItem(String id, float[] embedding, CamBasis basis, Map<String, Object> metadata, Thumbnail thumbnail, SourceVersion source,
                          StoredExplanation explanation) {

    /** An item without a thumbnail (synthetic vectors, benchmarks). */
    public CatalogItem(String id, float[] embedding, CamBasis basis, Map<String, Object> metadata) {
        this(id, embedding, basis, metadata, null);
    }

    /** An item whose source is unknown. */
    public CatalogItem(String id, float[] embedding, CamBasis basis, Map<String, Object> metadata, Thumbnail thumbnail) {
        this(id, embedding, basis, metadata, thumbnail, null);
    }

    /** An item whose explanation, if any, is its basis. */
    public CatalogItem(String id, float[] embedding, CamBasis basis, Map<String, Object> metadata, Thumbnail thumbnail, SourceVersion source) {
        this(id, embedding, basis, metadata, thumbnail, source, null);
    }

    /** This item, made from the event at {@code source}. */
    public CatalogItem withSource(SourceVersion source) {
        return new CatalogItem(id, embedding, basis, metadata, thumbnail, source, explanation);
    }

    /** This item with its explanation in its stored form instead of as a basis. */
    public CatalogItem withExplanation(StoredExplanation explanation) {
        return new CatalogItem(id, embedding, null, metadata, thumbnail, source, explanation);
    }

    public CatalogItem {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a catalog item needs a non-blank id");
        }
        if (embedding == null || embedding.length == 0) {
            throw new IllegalArgumentException("catalog item '" + id + "' has no embedding");
        }
        if (basis != null && explanation != null) {
            throw new IllegalArgumentException("catalog item '" + id + "' has a basis and a stored explanation; one is its explanation");
        }
        if (explanation != null && explanation.dim() != embedding.length) {
            throw new IllegalArgumentException("catalog item '" + id + "' has an explanation of dimension " + explanation.dim() + " beside a "
                    + embedding.length + "-d embedding");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        metadata.forEach((key, value) -> {
            if (!(value instanceof String) && !(value instanceof Number)) {
                throw new IllegalArgumentException("catalog item '" + id + "': metadata '" + key
                        + "' must be a string or a number, got " + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        });
    }
}
