package io.camsearch.cam;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bytes of an image's feature map A (K x h x w) as a catalog item stores it when its model's
 * head is pool -> linear: only the non-zero values and a bitmap of where they are.
 *
 * <pre>
 *   1        format: {@value #SPARSE_12} when no value is negative (A after a ReLU), else {@value #SPARSE_HALF}
 *   2        K, the channels (unsigned, little-endian)
 *   K hw / 8 bitmap, bit {@code k * h * w + cell} set where A is not zero (least significant bit first)
 *   values   the n non-zero values in that order:
 *              {@value #SPARSE_12}:   12 bits each, two in three bytes (least significant bits first): the
 *                                     value's half-precision bits without the sign bit (always 0) and
 *                                     with the mantissa rounded from 10 bits to 7: a relative error of
 *                                     at most 2^-8 + 2^-11 (two roundings) from 2^-14 up, an absolute
 *                                     one of at most 2^-22 below (half precision's subnormals)
 *              {@value #SPARSE_HALF}: 2 bytes each, IEEE half precision, little-endian
 * </pre>
 *
 * Why floats and not uint8 per channel (bench-basis, benchmarks.md "Bytes per item"): on the demo
 * catalog uint8 kept 97.4% of hits' boxes (a value's step is 1/255 of its channel's largest, so
 * small activations near a map's threshold move), while a float keeps every value to a relative
 * error, small ones included. Why 12 bits and not 16: the demo model's mirror views ({@code
 * io.camsearch.model.MirrorViews}) average two views' maps, so A' is zero where both views are
 * (80% of its values against 85% for one view), and half floats made 9.5 KB an item, over the
 * 8 KB target; in 12 bits 7.7 KB, the hits' maps within 0.0042 of the exact ones and 99.1% of
 * their boxes the same (half floats: 99.8%; targets 0.02 and 98%; StoredBasisHeatmapsTest).
 */
public final class SparseFeatureMap {

    /** The format byte of a map with a negative value: half-precision values. */
    public static final int SPARSE_HALF = 2;

    /** The format byte of a map without negative values: 12-bit values. */
    public static final int SPARSE_12 = 3;

    private static final VarHandle HALVES = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER = 3;
    /** Half-precision bits dropped from the mantissa in a 12-bit value. */
    private static final int DROPPED = 3;
    /** The largest finite 12-bit value: 65,280 (the half 0x7BF8). */
    private static final int MAX_12 = 0x7BFF >>> DROPPED;

    private SparseFeatureMap() {}

    /** Whether {@code format} is one of this class's formats. */
    public static boolean isSparse(int format) {
        return format == SPARSE_12 || format == SPARSE_HALF;
    }

    /** The format {@link #encode} writes {@code featureMap} in. */
    public static int format(float[] featureMap) {
        for (float v : featureMap) {
            if (v < 0) {
                return SPARSE_HALF;
            }
        }
        return SPARSE_12;
    }

    /** The bytes {@link #encode} writes for a K x cells map with {@code nonZero} values that are not zero, in {@code format}. */
    public static long length(int format, int channels, int cells, long nonZero) {
        long values = switch (format) {
            case SPARSE_12 -> (3 * nonZero + 1) / 2;
            case SPARSE_HALF -> Short.BYTES * nonZero;
            default -> throw new IllegalArgumentException(unknown(format));
        };
        return HEADER + bitmapBytes(channels, cells) + values;
    }

    /** The bytes {@link #encode} writes for {@code featureMap}. */
    public static long length(float[] featureMap, int channels, int cells) {
        return length(format(featureMap), channels, cells, nonZero(featureMap));
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
     * The bytes of {@code featureMap}, K x cells row-major, in {@link #format}'s format.
     *
     * @throws IllegalArgumentException when the map's length is not K x cells, K is above 65,535, or
     *     a value is not finite in half precision
     */
    public static byte[] encode(float[] featureMap, int channels, int cells) {
        if (channels <= 0 || channels > 0xFFFF || cells <= 0 || featureMap.length != (long) channels * cells) {
            throw new IllegalArgumentException("a feature map of " + channels + " channels x " + cells + " cells (1 to 65535 channels) cannot hold "
                    + featureMap.length + " values");
        }
        int format = format(featureMap);
        byte[] bytes = new byte[Math.toIntExact(length(format, channels, cells, nonZero(featureMap)))];
        bytes[0] = (byte) format;
        bytes[1] = (byte) channels;
        bytes[2] = (byte) (channels >>> 8);
        int values = HEADER + bitmapBytes(channels, cells);
        int n = 0;
        for (int i = 0; i < featureMap.length; i++) {
            if (featureMap[i] != 0) {
                short half = Float.floatToFloat16(featureMap[i]);
                if (!Float.isFinite(Float.float16ToFloat(half))) {
                    throw new IllegalArgumentException("feature map value " + i + " (" + featureMap[i] + ") is not finite in half precision");
                }
                bytes[HEADER + i / 8] |= (byte) (1 << (i % 8));
                if (format == SPARSE_12) {
                    put12(bytes, values, n, Math.min((Short.toUnsignedInt(half) + (1 << (DROPPED - 1))) >>> DROPPED, MAX_12));
                } else {
                    HALVES.set(bytes, values + Short.BYTES * n, half);
                }
                n++;
            }
        }
        assert length(format, channels, cells, n) == bytes.length : "a " + channels + " x " + cells + " map of " + n + " values in " + bytes.length + " bytes";
        return bytes;
    }

    /**
     * The map that {@link #encode} wrote into {@code bytes}, K x cells row-major.
     *
     * @throws IllegalArgumentException naming what does not fit: another format, channel count or length
     */
    public static float[] decode(int channels, int cells, byte[] bytes) {
        int format = bytes.length == 0 ? -1 : Byte.toUnsignedInt(bytes[0]);
        if (bytes.length < HEADER || !isSparse(format)) {
            throw new IllegalArgumentException(unknown(format));
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
        long expected = length(format, channels, cells, set);
        if (bytes.length != expected) {
            throw new IllegalArgumentException("a sparse feature map of " + channels + " x " + cells + " with " + set
                    + " values has " + expected + " bytes, got " + bytes.length);
        }
        float[] map = new float[channels * cells];
        int values = HEADER + bitmap;
        int n = 0;
        for (int i = 0; i < map.length; i++) {
            if ((bytes[HEADER + i / 8] & (1 << (i % 8))) != 0) {
                short half = format == SPARSE_12 ? (short) (get12(bytes, values, n) << DROPPED) : (short) HALVES.get(bytes, values + Short.BYTES * n);
                map[i] = Float.float16ToFloat(half);
                n++;
                if (!Float.isFinite(map[i])) {
                    throw new IllegalArgumentException("feature map value " + i + " decodes to " + map[i]);
                }
            }
        }
        return map;
    }

    /** Writes the {@code n}-th 12-bit value of the values that start at {@code at}: two values share three bytes. */
    private static void put12(byte[] bytes, int at, int n, int value) {
        int pair = at + 3 * (n / 2);
        if (n % 2 == 0) {
            bytes[pair] = (byte) value;
            bytes[pair + 1] |= (byte) (value >>> 8);
        } else {
            bytes[pair + 1] |= (byte) (value << 4);
            bytes[pair + 2] = (byte) (value >>> 4);
        }
    }

    private static int get12(byte[] bytes, int at, int n) {
        int pair = at + 3 * (n / 2);
        return n % 2 == 0
                ? Byte.toUnsignedInt(bytes[pair]) | (bytes[pair + 1] & 0x0F) << 8
                : Byte.toUnsignedInt(bytes[pair + 1]) >>> 4 | Byte.toUnsignedInt(bytes[pair + 2]) << 4;
    }

    private static String unknown(int format) {
        return "feature map format " + (format < 0 ? "(none: no bytes)" : format) + " is unknown; "
                + SPARSE_12 + " (sparse, 12-bit) or " + SPARSE_HALF + " (sparse, half precision) expected";
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
