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
                assertThrows(IllegalArgumentException.class, () -> ImageLimits.DEFAULT.withMaxBytes(0)).getMessage());
        assertEquals("maxPixels must be positive, was -1",
                assertThrows(IllegalArgumentException.class, () -> ImageLimits.DEFAULT.withMaxPixels(-1)).getMessage());
        assertEquals("maxSide must be positive, was 0",
                assertThrows(IllegalArgumentException.class, () -> ImageLimits.DEFAULT.withMaxSide(0)).getMessage());
    }
}
