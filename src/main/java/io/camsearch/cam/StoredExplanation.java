package io.camsearch.cam;

/**
 * What a catalog item stores to explain itself as a hit, and how it turns back into a basis: the
 * one place that chooses between the two stored forms, and the value that carries them (the
 * index's doc value, and the same bytes in an embeddings envelope, so a searcher stores what the
 * embedder encoded without decoding it).
 *
 * <ul>
 *   <li>{@link SparseFeatureMap} (formats {@value SparseFeatureMap#SPARSE_12} and {@value
 *       SparseFeatureMap#SPARSE_HALF}): the item's feature map A, when its model's head is pool ->
 *       linear (B = M A with M the model's, {@link SharedGradient}) and A is sparse enough to be
 *       smaller than the basis. The demo model's figures are on the benchmarks page (bench-basis)
 *       and held to their targets by StoredBasisHeatmapsTest.
 *   <li>{@link BasisCodec} (format {@value BasisCodec#INT8_PER_CELL}): B itself, for any other head
 *       or a dense feature map (the ResNet-50 shape's 2048 x 7 x 7 would be 200 KB as A).
 * </ul>
 *
 * A hit's map from the sparse form is {@code (M^T p) . A}: K d + K h w multiply-adds, as cheap as B's
 * d h w ({@link CamBasis#lowRank}). M is never stored per item; an item written with another model's
 * M is refused before it is read, by the index's and the envelopes' model identity: the bytes mean
 * something only beside the identity of the model that made them.
 *
 * @param dim the embedding dimension d of the basis the bytes stand for
 * @param height the basis' cells down
 * @param width the basis' cells across
 * @param bytes what {@link #encode} wrote (the first byte names the form); not copied, never changed
 */
public record StoredExplanation(int dim, int height, int width, byte[] bytes) {

    public StoredExplanation {
        if (dim < 1 || height < 1 || width < 1 || bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a stored explanation needs a positive shape and bytes, got " + dim + " x " + height + " x " + width);
        }
    }

    /** The stored form of {@code basis} (see {@link #encode}). */
    public static StoredExplanation of(CamBasis basis, float[] embedding, SharedGradient gradient) {
        return new StoredExplanation(basis.dim(), basis.height(), basis.width(), encode(basis, embedding, gradient));
    }

    /**
     * The explanation of a {@code dim x height x width} basis in {@code bytes} that came from outside
     * (an envelope), checked as far as it can be without the model's M: a known form whose length
     * and values are what its header says, so that a damaged one is refused where it enters, not
     * at search.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public static StoredExplanation checked(int dim, int height, int width, byte[] bytes) {
        int format = bytes.length == 0 ? -1 : Byte.toUnsignedInt(bytes[0]);
        if (SparseFeatureMap.isSparse(format)) {
            SparseFeatureMap.check(height * width, bytes);
        } else if (format == BasisCodec.INT8_PER_CELL) {
            BasisCodec.decode(dim, height, width, bytes);
        } else {
            throw new IllegalArgumentException("explanation format " + (format < 0 ? "(none: no bytes)" : format) + " is unknown; "
                    + BasisCodec.INT8_PER_CELL + " (int8 basis), " + SparseFeatureMap.SPARSE_HALF + " or " + SparseFeatureMap.SPARSE_12
                    + " (sparse feature map) expected");
        }
        return new StoredExplanation(dim, height, width, bytes);
    }

    /**
     * The basis, for drawing a hit's map.
     *
     * @param gradient the model's shared M; null when the model's head has none
     * @throws IllegalArgumentException as {@link #decode}
     */
    public CamBasis basis(SharedGradient gradient) {
        return decode(dim, height, width, bytes, gradient);
    }

    /** Which form the bytes hold: {@link SparseFeatureMap#SPARSE_12}, {@link SparseFeatureMap#SPARSE_HALF} or {@link BasisCodec#INT8_PER_CELL}. */
    public int format() {
        return Byte.toUnsignedInt(bytes[0]);
    }

    /**
     * The bytes that explain an item whose basis is {@code basis} and embedding {@code embedding}:
     * its sparse feature map when {@code gradient} (the model's shared M, null for another head) is
     * the one {@code basis} was made with and that is smaller; else {@link BasisCodec}'s.
     */
    public static byte[] encode(CamBasis basis, float[] embedding, SharedGradient gradient) {
        if (gradient != null && gradient.dim() == basis.dim() && basis.featureMap().isPresent()) {
            float[] a = basis.featureMap().get();
            int cells = basis.height() * basis.width();
            long sparse = SparseFeatureMap.length(a, gradient.channels(), cells);
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
        if (!SparseFeatureMap.isSparse(format)) {
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
