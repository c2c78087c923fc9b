package io.camsearch.cam;

import java.util.List;

/**
 * One way of explaining an image: turns what the model made of it ({@link CamFeatures}) and the
 * proxies p into signed maps S(p) on the feature grid, before the ReLU. The one seam every
 * explanation goes through; the methods differ only in how they get there (see the package
 * documentation for the derivation they share):
 *
 * <ul>
 *   <li>{@link ThroughBasis}: one dot product per cell with the CAM basis B (the service's method; a
 *       stored catalog item has only B);
 *   <li>{@link EmbeddingCam#proxyBatch()}: the channel weights of all proxies from one batched pass,
 *       no basis;
 *   <li>{@link LiteralEmbeddingCam}: one backward pass of y . p per proxy, the paper taken literally;
 *   <li>{@link TopChannels}: only the N channels with the largest weights;
 *   <li>{@link Counterfactual}: any of these negated, so that the ReLU keeps what argues against the proxy.
 * </ul>
 *
 * A heatmap is {@code ReLU(S)}; methods return S so that callers keep the score and its regions.
 */
public interface CamMethod {

    /**
     * S(p) for each proxy, in the proxies' order.
     *
     * @throws IllegalArgumentException when a proxy's length is not the embedding's
     * @throws IllegalStateException when the image lacks what this method needs (a stored item keeps only its basis)
     */
    List<Grid> signedMaps(CamFeatures image, List<Proxy> proxies);

    /** S(p) for one proxy. */
    default Grid signedMap(CamFeatures image, Proxy proxy) {
        return signedMaps(image, List.of(proxy)).get(0);
    }
}
