package io.camsearch.search;

import io.camsearch.cam.GuidedGradCam;
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
 * @param matchOnHit the query's top region and where the hit matches it (with both heatmaps, when
 *     both images have a CAM basis and both sums are positive; see {@link RegionMatch})
 * @param guidedOnQuery Guided Grad-CAM on the query image for the item's embedding as proxy (only on request)
 */
public record ExplainedHit(int rank, CatalogItem item, double cosine, Optional<Heatmap> onQuery, Optional<Heatmap> onHit,
                           Optional<RegionMatch> matchOnHit, Optional<GuidedGradCam.Result> guidedOnQuery) {

    public ExplainedHit(int rank, CatalogItem item, double cosine, Optional<Heatmap> onQuery, Optional<Heatmap> onHit,
                        Optional<RegionMatch> matchOnHit) {
        this(rank, item, cosine, onQuery, onHit, matchOnHit, Optional.empty());
    }

    public ExplainedHit(int rank, CatalogItem item, double cosine, Optional<Heatmap> onQuery, Optional<Heatmap> onHit) {
        this(rank, item, cosine, onQuery, onHit, Optional.empty());
    }

    /** This hit with its Guided Grad-CAM map on the query. */
    ExplainedHit withGuidedOnQuery(GuidedGradCam.Result guided) {
        return new ExplainedHit(rank, item, cosine, onQuery, onHit, matchOnHit, Optional.of(guided));
    }
}
