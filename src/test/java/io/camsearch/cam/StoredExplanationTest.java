package io.camsearch.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredExplanationTest {

    private static final int DIM = 16;
    private static final int CHANNELS = 24;
    private static final int HEIGHT = 4;
    private static final int WIDTH = 4;
    private static final int CELLS = HEIGHT * WIDTH;
    private static final SharedGradient M = new SharedGradient(DIM, CHANNELS, random(1, DIM * CHANNELS, 0));

    @Test
    void aSparseFeatureMapOverTheSharedGradientIsStoredAsTheMapAndGivesBackMTimesIts12BitValues() {
        float[] a = afterRelu(random(2, CHANNELS * CELLS, 0.85));
        CamBasis basis = product(a).withFeatureMap(CHANNELS, a);
        byte[] bytes = StoredExplanation.encode(basis, random(3, DIM, 0), M);
        assertEquals(SparseFeatureMap.SPARSE_12, bytes[0]);
        assertEquals(SparseFeatureMap.length(SparseFeatureMap.SPARSE_12, CHANNELS, CELLS, SparseFeatureMap.nonZero(a)), bytes.length);
        CamBasis decoded = StoredExplanation.decode(DIM, HEIGHT, WIDTH, bytes, M);
        float[] exact = basis.values();
        float[] got = decoded.values();
        // Each stored value is within 2^-8 + 2^-11 of itself (relative, SparseFeatureMap), so B's within that of |M| |A|.
        float[] bound = absoluteProduct(a);
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], got[i], (0x1p-8f + 0x1p-11f) * bound[i] + 1e-6f, "value " + i);
        }
        assertArrayEquals(bytes, StoredExplanation.encode(decoded, random(3, DIM, 0), M), "read and written again, the same bytes");
    }

    @Test
    void anAllZeroFeatureMapIsStoredSparseAndGivesAnAllZeroBasis() {
        float[] a = new float[CHANNELS * CELLS];
        byte[] bytes = StoredExplanation.encode(product(a).withFeatureMap(CHANNELS, a), random(3, DIM, 0), M);
        assertEquals(SparseFeatureMap.SPARSE_12, bytes[0]);
        assertArrayEquals(new float[DIM * CELLS], StoredExplanation.decode(DIM, HEIGHT, WIDTH, bytes, M).values(), 0f);
    }

    @Test
    void aDenseFeatureMapLargerThanItsBasisIsStoredAsTheBasis() {
        float[] a = random(4, CHANNELS * CELLS, 0);
        CamBasis basis = product(a).withFeatureMap(CHANNELS, a);
        float[] embedding = random(5, DIM, 0);
        byte[] bytes = StoredExplanation.encode(basis, embedding, M);
        assertArrayEquals(BasisCodec.encode(basis, embedding), bytes);
        assertArrayEquals(BasisCodec.decode(DIM, HEIGHT, WIDTH, bytes).values(), StoredExplanation.decode(DIM, HEIGHT, WIDTH, bytes, M).values(), 0f);
    }

    @Test
    void withoutTheModelsSharedGradientOrAFeatureMapTheBasisIsStored() {
        float[] a = random(2, CHANNELS * CELLS, 0.85);
        float[] embedding = random(3, DIM, 0);
        assertEquals(BasisCodec.INT8_PER_CELL, StoredExplanation.encode(product(a).withFeatureMap(CHANNELS, a), embedding, null)[0]);
        assertEquals(BasisCodec.INT8_PER_CELL, StoredExplanation.encode(product(a), embedding, M)[0], "a basis that does not know its feature map");
    }

    @Test
    void aStoredFeatureMapIsRefusedWithoutTheModelsGradientOrWithOneOfAnotherShape() {
        float[] a = random(2, CHANNELS * CELLS, 0.85);
        byte[] bytes = StoredExplanation.encode(product(a).withFeatureMap(CHANNELS, a), random(3, DIM, 0), M);
        assertEquals("the item stores its feature map, which needs its model's gradient matrix (a pool -> linear head), and none was given",
                assertThrows(IllegalArgumentException.class, () -> StoredExplanation.decode(DIM, HEIGHT, WIDTH, bytes, null)).getMessage());
        SharedGradient fewerChannels = new SharedGradient(DIM, CHANNELS - 1, new float[DIM * (CHANNELS - 1)]);
        assertEquals("a feature map of 24 channels where the model has 23",
                assertThrows(IllegalArgumentException.class, () -> StoredExplanation.decode(DIM, HEIGHT, WIDTH, bytes, fewerChannels)).getMessage());
    }

    /** A negative value zeroed, as a ReLU leaves a feature map. */
    private static float[] afterRelu(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.max(0, values[i]);
        }
        return out;
    }

    /** |M| |A|: what bounds an error of B = M A made by relative errors in A. */
    private static float[] absoluteProduct(float[] a) {
        float[] m = M.matrix();
        float[] out = new float[DIM * CELLS];
        for (int x = 0; x < DIM; x++) {
            for (int k = 0; k < CHANNELS; k++) {
                for (int c = 0; c < CELLS; c++) {
                    out[x * CELLS + c] += Math.abs(m[x * CHANNELS + k]) * Math.abs(a[k * CELLS + c]);
                }
            }
        }
        return out;
    }

    /** B = M A, dense. */
    private static CamBasis product(float[] a) {
        float[] m = M.matrix();
        float[] b = new float[DIM * CELLS];
        for (int x = 0; x < DIM; x++) {
            for (int k = 0; k < CHANNELS; k++) {
                for (int c = 0; c < CELLS; c++) {
                    b[x * CELLS + c] += m[x * CHANNELS + k] * a[k * CELLS + c];
                }
            }
        }
        return new CamBasis(DIM, HEIGHT, WIDTH, b);
    }

    private static float[] random(long seed, int length, double zeros) {
        Random random = new Random(seed);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = random.nextDouble() < zeros ? 0 : (float) random.nextGaussian();
        }
        return out;
    }
}
