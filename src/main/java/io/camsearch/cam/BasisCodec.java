package io.camsearch.cam;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bytes of a {@link CamBasis} as a catalog item stores it where it does not store its feature
 * map ({@link StoredExplanation}), in the index and the embeddings envelope alike: int8 per cell
 * (each column {@code B[., ij]} scaled by its largest magnitude), with the item's own direction
 * kept exact.
 *
 * <pre>
 *   1        format ({@value #INT8_PER_CELL})
 *   2d       u: the item's unit embedding, IEEE half precision
 *   2hw      u . B per cell, half precision
 *   4hw      per cell, the scale of its int8 values (float32)
 *   dhw      int8 values, row-major as B ({@code x * h * w + cell})
 * </pre>
 *
 * Decoding adds to the int8 basis Q the rank-one correction {@code u (u.B - u.Q) / (u.u)}, so the
 * decoded basis answers the item's own direction exactly: a hit's proxy is a query that found it,
 * close to that direction, and only its part across u meets the int8 error.
 *
 * <p>Why this one (the numbers: {@code bench-basis}, benchmarks.md "Bytes per item"): over the demo
 * catalog with other items' embeddings as proxies, it keeps every hit's normalized map within 0.016
 * of the exact basis' and the same box in over 98% of hits (StoredBasisHeatmapsTest), at 19.6 KB
 * instead of 36.9 KB of half floats (ResNet-50-shaped: 26.4 KB instead of 50.2 KB). Nothing smaller
 * that depends on the basis alone met the targets: int8 per row (a scale per embedding dimension)
 * kept 96.1% of the boxes, int8 per cell without the correction 97.95%; a low-rank factor (rank 32,
 * 8.8 KB) or the cells holding 99% of B's energy left maps 0.12 and 0.39 off, because the catalog's
 * embeddings span most of the 128 dimensions (rank 32 leaves 15% of them) and the cells that matter
 * for a proxy are not the ones with the most energy. The 8 KB of issue 15 needs what B is made of:
 * for a pool -> linear head the index stores the item's sparse feature map instead ({@link
 * StoredExplanation}, {@link SparseFeatureMap}, in the index and the embeddings envelope alike);
 * this form stays for other heads and dense feature maps.
 *
 * <p>Index documents written before this encoding hold B in half precision ({@link
 * #fromHalfPrecision}, still read).
 */
public final class BasisCodec {

    /** The format byte of {@link #encode}'s output. */
    public static final int INT8_PER_CELL = 1;

    private static final VarHandle HALVES = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private BasisCodec() {}

    /** The number of bytes {@link #encode} writes for a {@code dim x height x width} basis. */
    public static long length(int dim, int height, int width) {
        long cells = (long) height * width;
        return 1 + (long) Short.BYTES * dim + (Short.BYTES + Float.BYTES) * cells + dim * cells;
    }

    /**
     * The bytes of {@code basis}, the CAM basis of an image whose embedding is {@code embedding}.
     *
     * @throws IllegalArgumentException when the embedding's length is not the basis' dimension
     */
    public static byte[] encode(CamBasis basis, float[] embedding) {
        int dim = basis.dim();
        int cells = basis.height() * basis.width();
        if (embedding.length != dim) {
            throw new IllegalArgumentException("a basis of dimension " + dim + " beside an embedding of " + embedding.length + " values");
        }
        float[] b = basis.values();
        byte[] bytes = new byte[Math.toIntExact(length(dim, basis.height(), basis.width()))];
        bytes[0] = INT8_PER_CELL;
        int at = 1;
        double norm = Math.sqrt(Vectors.dot(embedding, embedding));
        float[] u = new float[dim];
        for (int x = 0; x < dim; x++, at += Short.BYTES) {
            short half = Float.floatToFloat16(norm > 0 ? (float) (embedding[x] / norm) : 0f);
            HALVES.set(bytes, at, half);
            u[x] = Float.float16ToFloat(half);
        }
        for (int c = 0; c < cells; c++, at += Short.BYTES) {
            double along = 0;
            for (int x = 0; x < dim; x++) {
                along += u[x] * (double) b[x * cells + c];
            }
            HALVES.set(bytes, at, Float.floatToFloat16((float) along));
        }
        float[] scales = new float[cells];
        for (int c = 0; c < cells; c++, at += Float.BYTES) {
            float max = 0;
            for (int x = 0; x < dim; x++) {
                max = Math.max(max, Math.abs(b[x * cells + c]));
            }
            scales[c] = max / 127;
            FLOATS.set(bytes, at, scales[c]);
        }
        for (int i = 0; i < b.length; i++) {
            float scale = scales[i % cells];
            bytes[at++] = scale == 0 ? 0 : (byte) Math.round(b[i] / scale);
        }
        assert at == bytes.length : "a " + dim + " x " + cells + " basis wrote " + at + " of " + bytes.length + " bytes";
        return bytes;
    }

    /**
     * The basis that {@link #encode} wrote into {@code bytes}, for a {@code dim x height x width} basis.
     *
     * @throws IllegalArgumentException naming what does not fit: an unknown format, another length,
     *     a scale or value that is not finite
     */
    public static CamBasis decode(int dim, int height, int width, byte[] bytes) {
        int cells = height * width;
        long expected = length(dim, height, width);
        if (bytes.length == 0 || Byte.toUnsignedInt(bytes[0]) != INT8_PER_CELL) {
            throw new IllegalArgumentException("basis format " + (bytes.length == 0 ? "(none: no bytes)" : Byte.toUnsignedInt(bytes[0]))
                    + " is unknown; " + INT8_PER_CELL + " (int8 per cell) expected");
        }
        if (bytes.length != expected) {
            throw new IllegalArgumentException("an int8 basis of " + dim + " x " + height + " x " + width + " has " + expected + " bytes, got " + bytes.length);
        }
        int at = 1;
        float[] u = new float[dim];
        double uu = 0;
        for (int x = 0; x < dim; x++, at += Short.BYTES) {
            u[x] = Float.float16ToFloat((short) HALVES.get(bytes, at));
            uu += (double) u[x] * u[x];
        }
        double[] along = new double[cells];
        for (int c = 0; c < cells; c++, at += Short.BYTES) {
            along[c] = Float.float16ToFloat((short) HALVES.get(bytes, at));
        }
        float[] scales = new float[cells];
        for (int c = 0; c < cells; c++, at += Float.BYTES) {
            scales[c] = (float) FLOATS.get(bytes, at);
        }
        float[] values = new float[dim * cells];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes[at++] * scales[i % cells];
        }
        if (!(uu > 0 && Double.isFinite(uu))) {
            return checked(dim, height, width, values);
        }
        // The rank-one correction: u . B' = u . B per cell, whatever int8 did to it.
        double[] fix = new double[cells];
        for (int x = 0; x < dim; x++) {
            for (int c = 0; c < cells; c++) {
                fix[c] += u[x] * (double) values[x * cells + c];
            }
        }
        for (int c = 0; c < cells; c++) {
            fix[c] = (along[c] - fix[c]) / uu;
        }
        for (int x = 0; x < dim; x++) {
            for (int c = 0; c < cells; c++) {
                values[x * cells + c] += (float) (u[x] * fix[c]);
            }
        }
        return checked(dim, height, width, values);
    }

    private static CamBasis checked(int dim, int height, int width, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("basis value " + i + " decodes to " + values[i] + " (a scale or the direction is not finite)");
            }
        }
        return new CamBasis(dim, height, width, values);
    }

    /** B as IEEE half-precision values, little-endian: how index documents stored it before {@link #encode}. */
    public static byte[] toHalfPrecision(CamBasis basis) {
        float[] values = basis.values();
        byte[] bytes = new byte[values.length * Short.BYTES];
        for (int i = 0; i < values.length; i++) {
            HALVES.set(bytes, i * Short.BYTES, Float.floatToFloat16(values[i]));
        }
        return bytes;
    }

    /** The inverse of {@link #toHalfPrecision}, for index documents written before {@link #encode}. */
    public static CamBasis fromHalfPrecision(int dim, int height, int width, byte[] bytes) {
        if (bytes.length != dim * height * width * Short.BYTES) {
            throw new IllegalArgumentException("a half-precision basis of " + dim + " x " + height + " x " + width
                    + " has " + dim * height * width * Short.BYTES + " bytes, got " + bytes.length);
        }
        float[] values = new float[dim * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.float16ToFloat((short) HALVES.get(bytes, i * Short.BYTES));
        }
        return new CamBasis(dim, height, width, values);
    }
}
