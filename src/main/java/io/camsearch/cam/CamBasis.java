package io.camsearch.cam;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An image's CAM basis B = M A (d x h x w): the signed map of that image for any proxy, one dot
 * product per cell away, {@code S(p) = sum_x p_x B^x} (the derivation is in the package
 * documentation). Stored with a catalog item (half precision is enough: heatmaps are normalized),
 * B makes the hit-side heatmap free at search time.
 */
public final class CamBasis {

    /** Shorts in a byte array, little-endian: one view write per value, without a ByteBuffer's per-call checks (benchmarks.md). */
    private static final VarHandle HALF_FLOATS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final int dim;
    private final int height;
    private final int width;
    private final float[] values;

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
        float[] part = new float[dim];
        for (int x = 0; x < dim; x++) {
            double sum = 0;
            for (int c : cells) {
                if (c < 0 || c >= count) {
                    throw new IndexOutOfBoundsException("cell " + c + " is outside a " + height + "x" + width + " grid");
                }
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
     * d x (h x w) basis, accumulated in double.
     */
    public List<Grid> signedMaps(List<Proxy> proxies) {
        int cells = height * width;
        double[][] maps = new double[proxies.size()][cells];
        for (Proxy proxy : proxies) {
            proxy.requireDim(dim);
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
        List<Grid> grids = new ArrayList<>(maps.length);
        for (double[] map : maps) {
            float[] cellsOut = new float[cells];
            for (int c = 0; c < cells; c++) {
                cellsOut[c] = (float) map[c];
            }
            grids.add(new Grid(height, width, cellsOut));
        }
        assert grids.size() == proxies.size() : grids.size() + " maps for " + proxies.size() + " proxies";
        return grids;
    }

    /** B as IEEE half-precision values, little-endian, for storage with a catalog item. */
    public byte[] toHalfPrecision() {
        byte[] bytes = new byte[values.length * Short.BYTES];
        for (int i = 0; i < values.length; i++) {
            HALF_FLOATS.set(bytes, i * Short.BYTES, Float.floatToFloat16(values[i]));
        }
        assert bytes.length == (long) dim * height * width * Short.BYTES
                : "a " + dim + " x " + height + " x " + width + " basis wrote " + bytes.length + " half-precision bytes";
        return bytes;
    }

    /** The inverse of {@link #toHalfPrecision()}. */
    public static CamBasis fromHalfPrecision(int dim, int height, int width, byte[] bytes) {
        if (bytes.length != dim * height * width * Short.BYTES) {
            throw new IllegalArgumentException("a half-precision basis of " + dim + " x " + height + " x " + width
                    + " has " + dim * height * width * Short.BYTES + " bytes, got " + bytes.length);
        }
        float[] values = new float[dim * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.float16ToFloat((short) HALF_FLOATS.get(bytes, i * Short.BYTES));
        }
        return new CamBasis(dim, height, width, values);
    }
}
