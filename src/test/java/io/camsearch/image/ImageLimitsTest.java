package io.camsearch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageLimitsTest {

    @Test
    void defaultsAllowCameraPhotos() {
        assertEquals(20 * 1024 * 1024, ImageLimits.DEFAULT.maxBytes());
        assertEquals(40_000_000, ImageLimits.DEFAULT.maxPixels());
        assertEquals(16_384, ImageLimits.DEFAULT.maxSide());
    }

    @Test
    void nonPositiveLimitsAreRejectedNamingTheLimit() {
        assertEquals("maxBytes must be positive, was 0",
                assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 1, 1)).getMessage());
        assertEquals("maxPixels must be positive, was -1",
                assertThrows(IllegalArgumentException.class, () -> new ImageLimits(1, -1, 1)).getMessage());
        assertEquals("maxSide must be positive, was 0",
                assertThrows(IllegalArgumentException.class, () -> new ImageLimits(1, 1, 0)).getMessage());
    }
}
