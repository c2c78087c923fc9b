package io.camsearch.search;

import io.camsearch.heatmap.Heatmap;
import io.camsearch.index.CatalogItem;
import java.util.Optional;

/**
 * A hit with its heatmaps.
 *
 * @param rank 1-based position in the answer
 * @param cosine the cosine similarity of query and item
 * @param onQuery on the query image, for the item's embedding as proxy (empty unless asked for)
 * @param onHit on the item's image, for the query's embedding as proxy (empty unless asked for,
 *     or when the item was indexed without a CAM basis)
 */
public record ExplainedHit(int rank, CatalogItem item, double cosine, Optional<Heatmap> onQuery, Optional<Heatmap> onHit) {}
