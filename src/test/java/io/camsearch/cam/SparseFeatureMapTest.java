package io.camsearch.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseFeatureMapTest {

    private static final int CHANNELS = 5;
    private static final int CELLS = 7;

    @Test
    void aNonNegativeMapComesBackIn12BitValuesWithinTheirTwoRoundingsInTheirPlacesAndZerosElsewhere() {
        for (double zeros : new double[] {0.8, 0.5, 0}) {
            float[] map = map(1, zeros);
            byte[] bytes = SparseFeatureMap.encode(map, CHANNELS, CELLS);
            assertEquals(SparseFeatureMap.SPARSE_12, bytes[0]);
            long nonZero = SparseFeatureMap.nonZero(map);
            assertEquals(3 + (CHANNELS * CELLS + 7) / 8 + (3 * nonZero + 1) / 2, bytes.length, "two values in three bytes");
            float[] decoded = SparseFeatureMap.decode(CHANNELS, CELLS, bytes);
            for (int i = 0; i < map.length; i++) {
                // to half precision (2^-11), then to 7 mantissa bits (2^-8): the values here are above 2^-14
                assertEquals(map[i], decoded[i], (0x1p-8f + 0x1p-11f) * map[i], "value " + i + " of a map with " + nonZero + " values");
                assertEquals(map[i] == 0, decoded[i] == 0, "value " + i + " stays zero or not zero");
            }
        }
    }

    @Test
    void twelveBitValuesKeepSevenMantissaBitsRoundedToNearestAndStopBelowInfinity() {
        // Hand-computed from the half-precision bits: 1 = 0x3C00 keeps all; 1 + 3/1024 = 0x3C03 rounds
        // down to 1; 1 + 4/1024 = 0x3C04 is a tie and rounds up to 0x3C08 = 1 + 8/1024; 3.1416 is the
        // half 0x4248 = 3.140625, whose 3 low bits are 0; 65504, the largest half (0x7BFF), would round to infinity and
        // stops at 0x7BF8 = 65280; a lone value takes two bytes, an odd one out of three values too.
        float[] map = new float[CHANNELS * CELLS];
        // Two roundings can add up: 1 + 15/4096 is the half 1 + 4/1024, a tie, so 1 + 8/1024 (0.41% off).
        float[] values = {1f, 1 + 3 / 1024f, 1 + 4 / 1024f, 3.1416f, 65504f, 1 + 15 / 4096f};
        float[] expected = {1f, 1f, 1 + 8 / 1024f, 3.140625f, 65280f, 1 + 8 / 1024f};
        for (int i = 0; i < values.length; i++) {
            map[6 * i] = values[i];
        }
        byte[] bytes = SparseFeatureMap.encode(map, CHANNELS, CELLS);
        assertEquals(3 + 5 + 9, bytes.length, "six values in 9 bytes");
        float[] decoded = SparseFeatureMap.decode(CHANNELS, CELLS, bytes);
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], decoded[6 * i], 0f, "value " + values[i]);
        }
        float[] lone = new float[CHANNELS * CELLS];
        lone[34] = 0.5f;
        assertEquals(3 + 5 + 2, SparseFeatureMap.encode(lone, CHANNELS, CELLS).length);
        assertArrayEquals(lone, SparseFeatureMap.decode(CHANNELS, CELLS, SparseFeatureMap.encode(lone, CHANNELS, CELLS)), 0f);
    }

    @Test
    void anAllZeroMapIsItsHeaderAndBitmapAndComesBackAllZero() {
        byte[] bytes = SparseFeatureMap.encode(new float[CHANNELS * CELLS], CHANNELS, CELLS);
        assertEquals(3 + 5, bytes.length, "format, channels, a 35-bit bitmap");
        assertArrayEquals(new float[CHANNELS * CELLS], SparseFeatureMap.decode(CHANNELS, CELLS, bytes), 0f);
    }

    @Test
    void aDenseMapWithNegativeValuesComesBackAsHalfFloats() {
        float[] map = map(2, 0);
        for (int i = 0; i < map.length; i += 3) {
            map[i] = -map[i];
        }
        assertEquals(CHANNELS * CELLS, SparseFeatureMap.nonZero(map));
        byte[] bytes = SparseFeatureMap.encode(map, CHANNELS, CELLS);
        assertEquals(SparseFeatureMap.SPARSE_HALF, bytes[0], "a negative value needs the sign bit");
        assertEquals(3 + 5 + 2 * CHANNELS * CELLS, bytes.length);
        assertArrayEquals(halves(map), SparseFeatureMap.decode(CHANNELS, CELLS, bytes), 0f);
    }

    @Test
    void theDemoModelsShapeAtItsMeasuredSparsityFitsIn8Kb() {
        // 128 channels x 12 x 12 with mirror views: StoredBasisHeatmapsTest measured 7,737 bytes an item
        // on average, so 3,620 values (80% zeros), and 9,546 bytes as half floats
        long twelveBits = SparseFeatureMap.length(SparseFeatureMap.SPARSE_12, 128, 144, 3620);
        assertEquals(3 + 2304 + 5430, twelveBits);
        assertTrue(twelveBits <= 8192, twelveBits + " bytes");
        assertEquals(3 + 2304 + 2 * 3620, SparseFeatureMap.length(SparseFeatureMap.SPARSE_HALF, 128, 144, 3620), "over 8 KB as half floats");
    }

    @Test
    void bytesOfAnotherFormatShapeOrLengthAreRefusedNamingWhatDoesNotFit() {
        byte[] good = SparseFeatureMap.encode(map(3, 0.5), CHANNELS, CELLS);
        byte[] format = good.clone();
        format[0] = 1;
        assertEquals("feature map format 1 is unknown; 3 (sparse, 12-bit) or 2 (sparse, half precision) expected",
                assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, format)).getMessage());
        assertEquals("a feature map of 5 channels where the model has 6",
                assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(6, CELLS, good)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, Arrays.copyOf(good, 4)));
        assertEquals("feature map format (none: no bytes) is unknown; 3 (sparse, 12-bit) or 2 (sparse, half precision) expected",
                assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, new byte[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.encode(new float[CHANNELS * CELLS - 1], CHANNELS, CELLS));
        float[] huge = new float[CHANNELS * CELLS];
        huge[4] = 1e6f;
        assertEquals("feature map value 4 (1000000.0) is not finite in half precision",
                assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.encode(huge, CHANNELS, CELLS)).getMessage());
    }

    /** Non-negative values (as after a ReLU), a share {@code zeros} of them zero. */
    static float[] map(long seed, double zeros) {
        Random random = new Random(seed);
        float[] map = new float[CHANNELS * CELLS];
        for (int i = 0; i < map.length; i++) {
            map[i] = random.nextDouble() < zeros ? 0 : (float) (random.nextDouble() * 3 + 0.01);
        }
        return map;
    }

    private static float[] halves(float[] map) {
        float[] out = new float[map.length];
        for (int i = 0; i < map.length; i++) {
            out[i] = Float.float16ToFloat(Float.floatToFloat16(map[i]));
        }
        return out;
    }
}
