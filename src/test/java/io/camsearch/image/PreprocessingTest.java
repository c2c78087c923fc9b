package io.camsearch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    @Test
    void invalidValuesAreRejectedNamingTheProblem() {
        assertMessage("input size must be positive, was 0x224", () -> new Preprocessing(0, 224, MEAN, STD));
        assertMessage("input 100000x100000 is too large for one float array",
                () -> new Preprocessing(100_000, 100_000, MEAN, STD));
        assertMessage("mean needs one value per channel (R, G, B), was [0.5]",
                () -> new Preprocessing(224, 224, new float[] {0.5f}, STD));
        assertMessage("std must be positive and finite, was [0.229, 0.0, 0.225]",
                () -> new Preprocessing(224, 224, MEAN, new float[] {0.229f, 0, 0.225f}));
        assertMessage("mean must be finite, was [NaN, 0.456, 0.406]",
                () -> new Preprocessing(224, 224, new float[] {Float.NaN, 0.456f, 0.406f}, STD));
    }

    @Test
    void arraysAreCopiedSoTheRecordStaysImmutableAndComparesByValue() {
        float[] mean = MEAN.clone();
        Preprocessing preprocessing = new Preprocessing(224, 224, mean, STD);
        mean[0] = 9;
        preprocessing.std()[0] = 9;

        assertArrayEquals(MEAN, preprocessing.mean());
        assertArrayEquals(STD, preprocessing.std());
        assertEquals(new Preprocessing(224, 224, MEAN, STD), preprocessing);
        assertEquals(new Preprocessing(224, 224, MEAN, STD).hashCode(), preprocessing.hashCode());
    }

    private static void assertMessage(String message, Runnable construct) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construct::run).getMessage());
    }
}
