package io.camsearch.cam;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bytes of an image's feature map A (K x h x w) as a catalog item stores it when its model's
 * head is pool -> linear: only the non-zero values, in half precision, and a bitmap of where they are.
 *
 * <pre>
 *   1        format ({@value #SPARSE_HALF})
 *   2        K, the channels (unsigned, little-endian)
 *   K hw / 8 bitmap, bit {@code k * h * w + cell} set where A is not zero (least significant bit first)
 *   2 n      the n non-zero values in that order, IEEE half precision
 * </pre>
 *
 * Why half precision and not uint8 per channel (bench-basis, benchmarks.md "Bytes per item"): on the
 * demo catalog uint8 kept 97.4% of hits' boxes (a value's step is 1/255 of its channel's largest,
 * so small activations near a map's threshold move), half floats 99.8% at 0.0011 max error, and the
 * demo model's A is 85% zeros, so it is 7.3 KB an item against BasisCodec's 19.6 KB.
 */
public final class SparseFeatureMap {

    /** The format byte of {@link #encode}'s output. */
    public static final int SPARSE_HALF = 2;

    private static final VarHandle HALVES = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER = 3;

    private SparseFeatureMap() {}

    /** The bytes {@link #encode} writes for a K x cells map with {@code nonZero} values that are not zero. */
    public static long length(int channels, int cells, long nonZero) {
        return HEADER + bitmapBytes(channels, cells) + Short.BYTES * nonZero;
    }

    /** How many values of {@code featureMap} are not zero. */
    public static long nonZero(float[] featureMap) {
        long count = 0;
        for (float v : featureMap) {
            if (v != 0) {
                count++;
            }
        }
        return count;
    }

    /** Whether every value of {@code featureMap} is finite in half precision (at most 65,504 in magnitude). */
    public static boolean fitsHalfPrecision(float[] featureMap) {
        for (float v : featureMap) {
            if (!Float.isFinite(Float.float16ToFloat(Float.floatToFloat16(v)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes of {@code featureMap}, K x cells row-major.
     *
     * @throws IllegalArgumentException when the map's length is not K x cells, K is above 65,535, or
     *     a value is not finite in half precision
     */
    public static byte[] encode(float[] featureMap, int channels, int cells) {
        if (channels <= 0 || channels > 0xFFFF || cells <= 0 || featureMap.length != (long) channels * cells) {
            throw new IllegalArgumentException("a feature map of " + channels + " channels x " + cells + " cells (1 to 65535 channels) cannot hold "
                    + featureMap.length + " values");
        }
        byte[] bytes = new byte[Math.toIntExact(length(channels, cells, nonZero(featureMap)))];
        bytes[0] = SPARSE_HALF;
        bytes[1] = (byte) channels;
        bytes[2] = (byte) (channels >>> 8);
        int at = HEADER + bitmapBytes(channels, cells);
        for (int i = 0; i < featureMap.length; i++) {
            if (featureMap[i] != 0) {
                short half = Float.floatToFloat16(featureMap[i]);
                if (!Float.isFinite(Float.float16ToFloat(half))) {
                    throw new IllegalArgumentException("feature map value " + i + " (" + featureMap[i] + ") is not finite in half precision");
                }
                bytes[HEADER + i / 8] |= (byte) (1 << (i % 8));
                HALVES.set(bytes, at, half);
                at += Short.BYTES;
            }
        }
        assert at == bytes.length : "a " + channels + " x " + cells + " map wrote " + at + " of " + bytes.length + " bytes";
        return bytes;
    }

    /**
     * The map that {@link #encode} wrote into {@code bytes}, K x cells row-major.
     *
     * @throws IllegalArgumentException naming what does not fit: another format, channel count or length
     */
    public static float[] decode(int channels, int cells, byte[] bytes) {
        if (bytes.length < HEADER || Byte.toUnsignedInt(bytes[0]) != SPARSE_HALF) {
            throw new IllegalArgumentException("feature map format " + (bytes.length == 0 ? "(none: no bytes)" : Byte.toUnsignedInt(bytes[0]))
                    + " is unknown; " + SPARSE_HALF + " (sparse, half precision) expected");
        }
        int stored = Byte.toUnsignedInt(bytes[1]) | Byte.toUnsignedInt(bytes[2]) << 8;
        if (stored != channels) {
            throw new IllegalArgumentException("a feature map of " + stored + " channels where the model has " + channels);
        }
        int bitmap = bitmapBytes(channels, cells);
        if (bytes.length < HEADER + bitmap) {
            throw new IllegalArgumentException("a sparse feature map of " + channels + " x " + cells + " has at least "
                    + (HEADER + bitmap) + " bytes, got " + bytes.length);
        }
        long set = 0;
        for (int i = 0; i < channels * cells; i++) {
            set += (bytes[HEADER + i / 8] >>> (i % 8)) & 1;
        }
        long expected = length(channels, cells, set);
        if (bytes.length != expected) {
            throw new IllegalArgumentException("a sparse feature map of " + channels + " x " + cells + " with " + set
                    + " values has " + expected + " bytes, got " + bytes.length);
        }
        float[] map = new float[channels * cells];
        int at = HEADER + bitmap;
        for (int i = 0; i < map.length; i++) {
            if ((bytes[HEADER + i / 8] & (1 << (i % 8))) != 0) {
                map[i] = Float.float16ToFloat((short) HALVES.get(bytes, at));
                at += Short.BYTES;
                if (!Float.isFinite(map[i])) {
                    throw new IllegalArgumentException("feature map value " + i + " decodes to " + map[i]);
                }
            }
        }
        return map;
    }

    /**
     * Checks that {@code bytes} are a map {@link #decode} reads for a map of {@code cells} cells and
     * the channels its header names (where the model's channel count is not known).
     *
     * @throws IllegalArgumentException as {@link #decode}
     */
    public static void check(int cells, byte[] bytes) {
        int channels = bytes.length < HEADER ? 0 : Byte.toUnsignedInt(bytes[1]) | Byte.toUnsignedInt(bytes[2]) << 8;
        if (bytes.length >= HEADER && channels == 0) {
            throw new IllegalArgumentException("a sparse feature map of 0 channels");
        }
        if ((long) channels * cells > 8L * bytes.length) {
            // Before decode sizes its bitmap: a damaged header must not overflow it.
            throw new IllegalArgumentException("a sparse feature map of " + channels + " x " + cells + " has at least "
                    + (HEADER + ((long) channels * cells + 7) / 8) + " bytes, got " + bytes.length);
        }
        decode(channels, cells, bytes);
    }

    private static int bitmapBytes(int channels, int cells) {
        return Math.toIntExact(((long) channels * cells + 7) / 8);
    }
}
