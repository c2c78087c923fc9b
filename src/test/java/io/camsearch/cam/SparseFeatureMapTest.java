package io.camsearch.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseFeatureMapTest {

    private static final int CHANNELS = 5;
    private static final int CELLS = 7;

    @Test
    void aSparseMapComesBackAsItsHalfPrecisionValuesInTheirPlacesAndZerosElsewhere() {
        float[] map = map(1, 0.8);
        byte[] bytes = SparseFeatureMap.encode(map, CHANNELS, CELLS);
        long nonZero = SparseFeatureMap.nonZero(map);
        assertEquals(3 + (CHANNELS * CELLS + 7) / 8 + 2 * nonZero, bytes.length);
        assertArrayEquals(halves(map), SparseFeatureMap.decode(CHANNELS, CELLS, bytes), 0f);
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
        assertEquals(3 + 5 + 2 * CHANNELS * CELLS, bytes.length);
        assertArrayEquals(halves(map), SparseFeatureMap.decode(CHANNELS, CELLS, bytes), 0f);
    }

    @Test
    void theDemoModelsShapeAtItsMeasuredSparsityFitsIn8Kb() {
        // 128 channels x 12 x 12, 85% zeros (benchmarks.md "Bytes per item")
        assertEquals(3 + 2304 + 2 * 2765, SparseFeatureMap.length(128, 144, 2765));
    }

    @Test
    void bytesOfAnotherFormatShapeOrLengthAreRefusedNamingWhatDoesNotFit() {
        byte[] good = SparseFeatureMap.encode(map(3, 0.5), CHANNELS, CELLS);
        byte[] format = good.clone();
        format[0] = 1;
        assertEquals("feature map format 1 is unknown; 2 (sparse, half precision) expected",
                assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, format)).getMessage());
        assertEquals("a feature map of 5 channels where the model has 6",
                assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(6, CELLS, good)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> SparseFeatureMap.decode(CHANNELS, CELLS, Arrays.copyOf(good, 4)));
        assertEquals("feature map format (none: no bytes) is unknown; 2 (sparse, half precision) expected",
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
