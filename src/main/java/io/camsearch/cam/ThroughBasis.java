package io.camsearch.cam;

import java.util.List;

/** EmbeddingCAM through the image's CAM basis: {@code S(p) = sum_x p_x B^x}, all proxies in one pass over B. */
public final class ThroughBasis implements CamMethod {

    /** The method holds no state: one instance serves every image. */
    public static final ThroughBasis INSTANCE = new ThroughBasis();

    private ThroughBasis() {}

    @Override
    public List<Grid> signedMaps(CamFeatures image, List<Proxy> proxies) {
        return image.basis().signedMaps(proxies);
    }
}
