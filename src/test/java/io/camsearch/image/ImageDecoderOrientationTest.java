package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.assertQuadrants;
import static io.camsearch.image.TestImages.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures orientation-N.jpg store the quadrants picture rotated or mirrored so that EXIF
 * orientation N turns it upright (see src/test/resources/images/make-fixtures.py); 2, 4, 5 and 7
 * are the mirrored ones.
 */
class ImageDecoderOrientationTest {

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientationIsAppliedSoThePictureIsUpright(int orientation) {
        assertQuadrants(DECODER.decode(fixture("orientation-" + orientation + ".jpg")), 12);
    }

    @Test
    void unreadableExifLeavesThePixelsAsStored() {
        byte[] jpeg = fixture("orientation-6.jpg");
        int tiffHeader = indexOf(jpeg, "Exif\0\0".getBytes(StandardCharsets.US_ASCII)) + 6;
        jpeg[tiffHeader] = 'X';
        jpeg[tiffHeader + 1] = 'X';

        DecodedImage decoded = DECODER.decode(jpeg);

        assertEquals(16, decoded.width(), "stored width, not turned");
        assertEquals(32, decoded.height(), "stored height, not turned");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
