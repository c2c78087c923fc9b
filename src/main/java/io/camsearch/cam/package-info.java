/**
 * EmbeddingCAM and the methods built on it: the one place where the derivation is written down
 * (the README, the site's pages, DESIGN and the other packages point here).
 *
 * <h2>EmbeddingCAM</h2>
 *
 * An embedding network maps an image to an unnormalized embedding y in R^d; split it at its last
 * convolutional layer: a backbone gives the feature map A (K x h x w, Z = h w cells) and a head
 * gives {@code y = head(A)}. EmbeddingCAM explains a proxy p in R^d ({@link
 * io.camsearch.cam.Proxy}: a hit's embedding, a concept's normalized mean, a one-hot vector) as
 * Grad-CAM explains a class score:
 *
 * <pre>
 *   L    = y . p
 *   a_k  = (1/Z) sum_ij dL/dA^k_ij          the channel weights
 *   S(p) = sum_k a_k A^k                    the signed map, on the h x w grid
 *   H(p) = ReLU(S(p))                       the heatmap (then normalized to [0, 1] and upsampled)
 * </pre>
 *
 * With a one-hot p on a classifier, L is a class score and this is Grad-CAM exactly.
 *
 * <h2>The CAM basis: every proxy for the price of one</h2>
 *
 * The weights are linear in p: {@code a = M^T p} with {@code M = (1/Z) sum_ij dy/dA_ij}, a d x K
 * matrix evaluated at this image's A. So
 *
 * <pre>
 *   S(p) = sum_k a_k A^k = sum_x p_x B^x,    B = M A  (d x h x w)
 * </pre>
 *
 * and B, the image's {@link io.camsearch.cam.CamBasis}, gives the map of any proxy with one
 * d-long dot product per cell. For a global-average-pool -> linear head, {@code y = W mean_ij(A)
 * + b}, so {@code M = W / Z} for every image (computed once per model) and B is one matrix product
 * with no backward; any other head gets M from one batched backward ({@link
 * io.camsearch.cam.HeadJacobian}: A replicated d times, one output selected per replica). A basis
 * stored with each catalog item ({@link io.camsearch.cam.StoredExplanation}) makes the hit-side map free at search time, and
 * a query's basis serves all its hits.
 *
 * <p>What S adds up to: for a pool -> linear head, {@code sum_ij S(p)_ij = y . p - b . p}, so a
 * region's sum is exactly its part of that score ({@link io.camsearch.cam.ScoreRegions}); for any
 * other head S is built from the head's gradient at this image, and its sum is the linearized score
 * {@code sum_ij (dy/dA_ij . p) A_ij}.
 *
 * <h2>Counterfactual maps</h2>
 *
 * The Grad-CAM paper's negative explanation: negating the gradients negates every a_k and so S,
 * and {@code ReLU(-S(p))} shows the regions that lower {@code y . p}, the ones that argue against
 * the proxy ("what differs", for a hit). It comes with every heatmap at no extra map cost.
 *
 * <h2>The methods, one seam</h2>
 *
 * A {@link io.camsearch.cam.CamMethod} turns an image's {@link io.camsearch.cam.CamFeatures} and
 * proxies into signed maps S; the methods differ only in how they get there:
 *
 * <ul>
 *   <li>{@link io.camsearch.cam.ThroughBasis}: {@code S = sum_x p_x B^x} (the service's method);
 *   <li>{@link io.camsearch.cam.EmbeddingCam#proxyBatch()}: {@code a = M^T p} for all proxies from
 *       one batched pass with the proxies as the selected rows, no basis (cheaper than the basis for
 *       a non-linear head and fewer proxies than d);
 *   <li>{@link io.camsearch.cam.LiteralEmbeddingCam}: one autograd pass of {@code y . p} per proxy,
 *       the paper taken literally (the reference in tests and benchmarks);
 *   <li>{@link io.camsearch.cam.TopChannels}: S from only the N channels with the largest a_k;
 *   <li>{@link io.camsearch.cam.Counterfactual}: any of these negated.
 * </ul>
 *
 * Tests hold all of them to the literal algorithm, to Grad-CAM (one-hot proxy on a classifier), to
 * the closed form and, through TorchScript bundles, to PyTorch's own float64 autograd.
 *
 * <h2>Mirror views</h2>
 *
 * The demo model runs with {@link io.camsearch.model.MirrorViews}: its backbone gives {@code A' =
 * (A(x) + flip(A(flip x))) / 2}. To everything above A' is just the feature map, so all of it holds
 * unchanged and exactly; for a pool -> linear head M is the same for both views, and so {@code
 * S'(p) = (S_x(p) + flip(S_{flip x}(p))) / 2}: the map is the mean of the image's map and its
 * mirror image's map flipped back. Guided backpropagation follows both views ({@link
 * io.camsearch.cam.GuidedGradCam}).
 *
 * <p>Localization (the paper's evaluation): binarize the heatmap at {@code t x max}, take the
 * largest 8-connected region, its tight box ({@link io.camsearch.cam.Localizer}).
 */
package io.camsearch.cam;
