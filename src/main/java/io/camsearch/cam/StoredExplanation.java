package io.camsearch.cam;

/**
 * What a catalog item stores to explain itself as a hit, and how it turns back into a basis: the
 * one place that chooses between the two stored forms (the index's doc value).
 *
 * <ul>
 *   <li>{@link SparseFeatureMap} (format {@value SparseFeatureMap#SPARSE_HALF}): the item's feature map
 *       A, when its model's head is pool -> linear (B = M A with M the model's, {@link
 *       SharedGradient}) and A is sparse enough to be smaller than the basis. The demo model: 7.3 KB,
 *       max error 0.0011 and 99.8% of boxes over its catalog (StoredExplanationHeatmapsTest).
 *   <li>{@link BasisCodec} (format {@value BasisCodec#INT8_PER_CELL}): B itself, for any other head
 *       or a dense feature map (the ResNet-50 shape's 2048 x 7 x 7 would be 200 KB as A).
 * </ul>
 *
 * A hit's map from the sparse form is {@code (M^T p) . A}: K d + K h w multiply-adds, as cheap as B's
 * d h w ({@link CamBasis#lowRank}). M is never stored per item; an item written with another model's
 * M is refused before it is read, by the index's and the envelopes' model identity.
 */
public final class StoredExplanation {

    private StoredExplanation() {}

    /**
     * The bytes that explain an item whose basis is {@code basis} and embedding {@code embedding}:
     * its sparse feature map when {@code gradient} (the model's shared M, null for another head) is
     * the one {@code basis} was made with and that is smaller; else {@link BasisCodec}'s.
     */
    public static byte[] encode(CamBasis basis, float[] embedding, SharedGradient gradient) {
        if (gradient != null && gradient.dim() == basis.dim() && basis.featureMap().isPresent()) {
            float[] a = basis.featureMap().get();
            int cells = basis.height() * basis.width();
            long sparse = SparseFeatureMap.length(gradient.channels(), cells, SparseFeatureMap.nonZero(a));
            if (a.length == (long) gradient.channels() * cells && sparse < BasisCodec.length(basis.dim(), basis.height(), basis.width())
                    && SparseFeatureMap.fitsHalfPrecision(a)) {
                return SparseFeatureMap.encode(a, gradient.channels(), cells);
            }
        }
        return BasisCodec.encode(basis, embedding);
    }

    /**
     * The basis of a {@code dim x height x width} item from the bytes {@link #encode} wrote.
     *
     * @param gradient the model's shared M; null when the model's head has none (then only {@link BasisCodec}'s form is read)
     * @throws IllegalArgumentException naming what does not fit: an unknown format, a sparse feature map
     *     without (or with another shape of) M, another length
     */
    public static CamBasis decode(int dim, int height, int width, byte[] bytes, SharedGradient gradient) {
        int format = bytes.length == 0 ? -1 : Byte.toUnsignedInt(bytes[0]);
        if (format != SparseFeatureMap.SPARSE_HALF) {
            return BasisCodec.decode(dim, height, width, bytes);
        }
        if (gradient == null) {
            throw new IllegalArgumentException("the item stores its feature map, which needs its model's gradient matrix"
                    + " (a pool -> linear head), and none was given");
        }
        if (gradient.dim() != dim) {
            throw new IllegalArgumentException("a gradient matrix of dimension " + gradient.dim() + " for a basis of dimension " + dim);
        }
        float[] a = SparseFeatureMap.decode(gradient.channels(), height * width, bytes);
        return CamBasis.lowRank(dim, height, width, gradient.channels(), gradient.matrix(), a).withFeatureMap(gradient.channels(), a);
    }
}
