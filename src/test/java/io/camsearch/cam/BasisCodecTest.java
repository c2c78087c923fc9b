package io.camsearch.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BasisCodecTest {

    private static final int DIM = 8;
    private static final int HEIGHT = 3;
    private static final int WIDTH = 2;
    private static final int CELLS = HEIGHT * WIDTH;

    @Test
    void aBasisIsStoredInOneByteAValueBesideItsDirectionItsMapAndACellScale() {
        assertEquals(1 + 2 * DIM + 2 * CELLS + 4 * CELLS + DIM * CELLS, BasisCodec.length(DIM, HEIGHT, WIDTH));
        assertEquals(19_553, BasisCodec.length(128, 12, 12), "the demo model's basis");
        assertEquals(BasisCodec.length(DIM, HEIGHT, WIDTH), BasisCodec.encode(basis(1), embedding(2)).length);
    }

    @Test
    void everyValueComesBackWithinItsCellsInt8StepAndTheItemsOwnDirectionComesBackAsHalfFloats() {
        CamBasis basis = basis(1);
        float[] embedding = embedding(2);
        CamBasis decoded = BasisCodec.decode(DIM, HEIGHT, WIDTH, BasisCodec.encode(basis, embedding));
        float[] original = basis.values();
        float[] values = decoded.values();
        for (int c = 0; c < CELLS; c++) {
            float max = 0;
            for (int x = 0; x < DIM; x++) {
                max = Math.max(max, Math.abs(original[x * CELLS + c]));
            }
            for (int x = 0; x < DIM; x++) {
                // half a step of rounding, plus the correction along the unit direction (at most a step in all)
                assertEquals(original[x * CELLS + c], values[x * CELLS + c], max / 127, "value " + x + " of cell " + c);
            }
        }
        Proxy own = Proxy.singlePoint(embedding);
        float[] exact = basis.signedMap(own).values();
        float[] stored = decoded.signedMap(own).values();
        for (int c = 0; c < CELLS; c++) {
            // u . B is stored as a half float: 11 significant bits, times the embedding's norm
            assertEquals(exact[c], stored[c], Math.abs(exact[c]) * 0x1p-10f + 1e-6f, "cell " + c + " of the own-direction map");
        }
    }

    @Test
    void theSameBasisAlwaysGivesTheSameBytes() {
        assertArrayEquals(BasisCodec.encode(basis(5), embedding(6)), BasisCodec.encode(basis(5), embedding(6)));
    }

    @Test
    void anAllZeroBasisOrEmbeddingComesBackWithoutDividingByZero() {
        CamBasis zero = new CamBasis(DIM, HEIGHT, WIDTH, new float[DIM * CELLS]);
        assertArrayEquals(new float[DIM * CELLS], BasisCodec.decode(DIM, HEIGHT, WIDTH, BasisCodec.encode(zero, embedding(1))).values(), 0f);
        CamBasis basis = basis(3);
        CamBasis noDirection = BasisCodec.decode(DIM, HEIGHT, WIDTH, BasisCodec.encode(basis, new float[DIM]));
        assertArrayEquals(basis.values(), noDirection.values(), maxAbs(basis.values()) / 127);
    }

    @Test
    void bytesOfAnotherFormatOrLengthAreRefusedNamingWhatIsWrong() {
        byte[] good = BasisCodec.encode(basis(1), embedding(2));
        byte[] format = good.clone();
        format[0] = 7;
        assertEquals("basis format 7 is unknown; 1 (int8 per cell) expected",
                assertThrows(IllegalArgumentException.class, () -> BasisCodec.decode(DIM, HEIGHT, WIDTH, format)).getMessage());
        assertEquals("an int8 basis of 8 x 3 x 2 has " + good.length + " bytes, got " + (good.length - 1),
                assertThrows(IllegalArgumentException.class, () -> BasisCodec.decode(DIM, HEIGHT, WIDTH, Arrays.copyOf(good, good.length - 1))).getMessage());
        assertEquals("basis format (none: no bytes) is unknown; 1 (int8 per cell) expected",
                assertThrows(IllegalArgumentException.class, () -> BasisCodec.decode(DIM, HEIGHT, WIDTH, new byte[0])).getMessage());
        assertEquals("a basis of dimension 8 beside an embedding of 3 values",
                assertThrows(IllegalArgumentException.class, () -> BasisCodec.encode(basis(1), new float[3])).getMessage());
    }

    @Test
    void aScaleThatIsNotFiniteIsRefused() {
        byte[] bytes = BasisCodec.encode(basis(1), embedding(2));
        int scales = 1 + 2 * DIM + 2 * CELLS;
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(scales, Float.POSITIVE_INFINITY);
        var error = assertThrows(IllegalArgumentException.class, () -> BasisCodec.decode(DIM, HEIGHT, WIDTH, bytes));
        assertEquals(true, error.getMessage().startsWith("basis value 0 decodes to "), error.getMessage());
    }

    @Test
    void theEarlierHalfPrecisionLayoutStillReadsBack() {
        CamBasis basis = new CamBasis(1, 1, 3, new float[] {0.1f, 1.0f, -2.5f});
        byte[] half = BasisCodec.toHalfPrecision(basis);
        assertEquals(6, half.length);
        // 0.1 has no exact half: the nearest is 0.0999755859375 (1638 / 2^14); 1.0 and -2.5 are exact.
        assertArrayEquals(new float[] {0.0999755859375f, 1.0f, -2.5f}, BasisCodec.fromHalfPrecision(1, 1, 3, half).values(), 0f);
    }

    private static CamBasis basis(long seed) {
        Random random = new Random(seed);
        float[] values = new float[DIM * CELLS];
        for (int i = 0; i < values.length; i++) {
            // cells of very different sizes, as real bases have
            values[i] = (float) (random.nextGaussian() * Math.pow(10, (i % CELLS) - 3));
        }
        return new CamBasis(DIM, HEIGHT, WIDTH, values);
    }

    private static float[] embedding(long seed) {
        Random random = new Random(seed);
        float[] embedding = new float[DIM];
        for (int x = 0; x < DIM; x++) {
            embedding[x] = (float) random.nextGaussian() * 4;
        }
        return embedding;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
