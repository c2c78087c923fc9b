package io.camsearch.cam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image's CAM basis B = M A (d x h x w): the signed map of that image for any proxy, one dot
 * product per cell away, {@code S(p) = sum_x p_x B^x} (the derivation is in the package
 * documentation). Stored with a catalog item ({@link BasisCodec}: int8 is enough, heatmaps are normalized),
 * B makes the hit-side heatmap free at search time.
 */
public final class CamBasis {

    private final int dim;
    private final int height;
    private final int width;
    /** B, d x (h x w), row-major; null when the basis is held as a low-rank factor. */
    private final float[] values;
    /** The factor's rank r (0 for an all-zero basis); unused when {@link #values} is set. */
    private final int rank;
    /** L, d x r, row-major: {@code left[x * r + k]}; B = L R. */
    private final float[] left;
    /** R, r x (h x w), row-major: {@code right[k * h * w + cell]}. */
    private final float[] right;
    /**
     * A (K x h x w, row-major) when B is known to be M A with the model's shared M (a pool -> linear
     * head): what {@link StoredExplanation} keeps instead of B. Null otherwise.
     */
    private final float[] featureMap;

    /**
     * @param values B, d x (h x w), row-major: {@code values[x * h * w + i * w + j]}
     */
    public CamBasis(int dim, int height, int width, float[] values) {
        if (dim <= 0 || height <= 0 || width <= 0 || values.length != (long) dim * height * width) {
            throw new IllegalArgumentException("a basis of " + dim + " x " + height + " x " + width
                    + " needs " + (long) dim * height * width + " values, got " + values.length);
        }
        this.dim = dim;
        this.height = height;
        this.width = width;
        this.values = values;
        this.rank = 0;
        this.left = null;
        this.right = null;
        this.featureMap = null;
    }

    private CamBasis(CamBasis basis, float[] featureMap) {
        this.dim = basis.dim;
        this.height = basis.height;
        this.width = basis.width;
        this.values = basis.values;
        this.rank = basis.rank;
        this.left = basis.left;
        this.right = basis.right;
        this.featureMap = featureMap;
    }

    private CamBasis(int dim, int height, int width, int rank, float[] left, float[] right) {
        this.dim = dim;
        this.height = height;
        this.width = width;
        this.values = null;
        this.rank = rank;
        this.left = left;
        this.right = right;
        this.featureMap = null;
    }

    /**
     * The basis {@code B = L R} held as its factor, e.g. {@code B = M A} (the gradient matrix and
     * the feature map): a map costs {@code (d + h w) r} multiply-adds instead of {@code d h w}.
     *
     * @param left L, d x r, row-major
     * @param right R, r x (h x w), row-major
     */
    public static CamBasis lowRank(int dim, int height, int width, int rank, float[] left, float[] right) {
        if (dim <= 0 || height <= 0 || width <= 0 || rank < 0 || left.length != (long) dim * rank || right.length != (long) rank * height * width) {
            throw new IllegalArgumentException("a rank-" + rank + " factor of a " + dim + " x " + height + " x " + width + " basis needs "
                    + (long) dim * rank + " + " + (long) rank * height * width + " values, got " + left.length + " + " + right.length);
        }
        return new CamBasis(dim, height, width, rank, left, right);
    }

    /**
     * This basis, knowing that it is {@code M A} for the model's shared gradient matrix M (a pool ->
     * linear head) and this image's feature map A, so that a catalog item can store A instead.
     *
     * @param featureMap A, K x h x w, row-major (not copied)
     */
    public CamBasis withFeatureMap(int channels, float[] featureMap) {
        if (channels <= 0 || featureMap.length != (long) channels * height * width) {
            throw new IllegalArgumentException("a feature map of " + channels + " x " + height + " x " + width
                    + " needs " + (long) channels * height * width + " values, got " + featureMap.length);
        }
        return new CamBasis(this, featureMap);
    }

    /** A (K x h x w, row-major, not a copy: read only) when this basis is known to be M A with the model's shared M. */
    Optional<float[]> featureMap() {
        return Optional.ofNullable(featureMap);
    }

    public int dim() {
        return dim;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** B, d x (h x w), row-major (a copy; multiplied out for a factor). */
    public float[] values() {
        if (values != null) {
            return values.clone();
        }
        int cells = height * width;
        float[] out = new float[dim * cells];
        for (int x = 0; x < dim; x++) {
            for (int k = 0; k < rank; k++) {
                float l = left[x * rank + k];
                for (int c = 0; c < cells; c++) {
                    out[x * cells + c] += l * right[k * cells + c];
                }
            }
        }
        return out;
    }

    /**
     * The part of the embedding these cells' features make, {@code sum_{ij in cells} B_ij} (a
     * column of B is {@code M a_ij}): for a global-average-pool -> linear head the parts of all
     * cells add up to {@code y - b}, and {@code p . part} is the cells' sum in {@code S(p)}; for
     * any other head it is the cells' part of the linearized embedding.
     *
     * @param cells row-major indices into the h x w grid
     */
    public float[] partOf(int[] cells) {
        int count = height * width;
        for (int c : cells) {
            if (c < 0 || c >= count) {
                throw new IndexOutOfBoundsException("cell " + c + " is outside a " + height + "x" + width + " grid");
            }
        }
        float[] part = new float[dim];
        if (values == null) {
            double[] sums = new double[rank];
            for (int k = 0; k < rank; k++) {
                for (int c : cells) {
                    sums[k] += right[k * count + c];
                }
            }
            for (int x = 0; x < dim; x++) {
                double sum = 0;
                for (int k = 0; k < rank; k++) {
                    sum += left[x * rank + k] * sums[k];
                }
                part[x] = (float) sum;
            }
            return part;
        }
        for (int x = 0; x < dim; x++) {
            double sum = 0;
            for (int c : cells) {
                sum += values[x * count + c];
            }
            part[x] = (float) sum;
        }
        return part;
    }

    /** S(p) = sum_x p_x B^x, before the ReLU. */
    public Grid signedMap(Proxy proxy) {
        return signedMaps(List.of(proxy)).get(0);
    }

    /**
     * S for several proxies in one pass over B: the product P B of the n x d proxy matrix and the
     * d x (h x w) basis (for a factor, {@code (P L) R}), accumulated in double.
     */
    public List<Grid> signedMaps(List<Proxy> proxies) {
        int cells = height * width;
        double[][] maps = new double[proxies.size()][cells];
        for (Proxy proxy : proxies) {
            proxy.requireDim(dim);
        }
        if (values == null) {
            for (int n = 0; n < maps.length; n++) {
                float[] p = proxies.get(n).values();
                for (int k = 0; k < rank; k++) {
                    double weight = 0;
                    for (int x = 0; x < dim; x++) {
                        weight += p[x] * (double) left[x * rank + k];
                    }
                    double[] map = maps[n];
                    int row = k * cells;
                    for (int c = 0; c < cells; c++) {
                        map[c] += weight * right[row + c];
                    }
                }
            }
            return grids(maps);
        }
        for (int x = 0; x < dim; x++) {
            int row = x * cells;
            for (int n = 0; n < maps.length; n++) {
                double px = proxies.get(n).values()[x];
                if (px == 0) {
                    continue;
                }
                double[] map = maps[n];
                for (int c = 0; c < cells; c++) {
                    map[c] += px * values[row + c];
                }
            }
        }
        return grids(maps);
    }

    private List<Grid> grids(double[][] maps) {
        int cells = height * width;
        List<Grid> grids = new ArrayList<>(maps.length);
        for (double[] map : maps) {
            float[] cellsOut = new float[cells];
            for (int c = 0; c < cells; c++) {
                cellsOut[c] = (float) map[c];
            }
            grids.add(new Grid(height, width, cellsOut));
        }
        return grids;
    }
}
