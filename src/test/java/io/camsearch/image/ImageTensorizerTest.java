package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.fixture;
import static io.camsearch.image.TestImages.painted;
import static io.camsearch.image.TestImages.quadrants;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTensorizerTest {

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};

    @Test
    void knownPixelsGiveKnownNormalizedValuesAtChwOffsets() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        image.setRGB(1, 0, 0x00FF00);
        image.setRGB(0, 1, 0x0000FF);
        image.setRGB(1, 1, 0x804020);

        float[] chw = tensorize(image, new Preprocessing(2, 2, IMAGENET_MEAN, IMAGENET_STD));

        // Offset (c * height + y) * width + x; value (pixel / 255 - mean[c]) / std[c].
        assertArrayEquals(new float[] {
            2.2489083f, -2.1179039f, -2.1179039f, 0.0740646f,     // R: 255, 0, 0, 128
            -2.0357142f, 2.4285715f, -2.0357142f, -0.9152660f,    // G: 0, 255, 0, 64
            -1.8044444f, -1.8044444f, 2.6400001f, -1.2467101f,    // B: 0, 0, 255, 32
        }, chw, 1e-5f);
    }

    @ParameterizedTest(name = "97x61 to {0}x{1}")
    @CsvSource({"224, 224", "16, 8", "97, 61"})
    void uniformImageStaysUniformAfterResize(int width, int height) {
        BufferedImage image = painted(97, 61, BufferedImage.TYPE_INT_RGB, (x, y) -> 0x0AC81E);

        float[] chw = tensorize(image, new Preprocessing(width, height, ZERO, ONE));

        int plane = width * height;
        for (int i = 0; i < chw.length; i++) {
            float expected = new float[] {10, 200, 30}[i / plane] / 255f;
            assertEquals(expected, chw[i], 1e-5f, "value " + i);
        }
    }

    @Test
    void fineCheckerboardDownscalesToMidGreyInsteadOfAliasing() {
        BufferedImage checkerboard = painted(256, 256, BufferedImage.TYPE_INT_RGB,
                (x, y) -> (x + y) % 2 == 0 ? 0xFFFFFF : 0x000000);

        float[] chw = tensorize(checkerboard, new Preprocessing(37, 29, ZERO, ONE));

        for (int i = 0; i < chw.length; i++) {
            assertEquals(0.5f, chw[i], 0.02f, "value " + i);
        }
    }

    @ParameterizedTest(name = "40x30 to {0}x{1}")
    @CsvSource({"7, 5", "57, 43"})
    void resizeMatchesPillowBilinearLikeTorchvision(int width, int height) {
        DecodedImage noise = DECODER.decode(fixture("noise-40x30.png"));
        BufferedImage pillow = DECODER.decode(
                fixture("noise-40x30-pillow-bilinear-" + width + "x" + height + ".png")).image();

        float[] chw = new ImageTensorizer(new Preprocessing(width, height, ZERO, ONE)).toChw(noise);

        // Pillow rounds to 8 bits after each pass (at most 0.5 off each, the first through convex
        // weights), this resampler keeps floats: they differ by at most 1.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int expected = pillow.getRGB(x, y) >> (16 - 8 * c) & 0xFF;
                    float actual = chw[(c * height + y) * width + x] * 255;
                    assertEquals(expected, actual, 1.001f, "channel " + c + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void theWholeImageIsStretchedOntoTheInputWithoutCropOrPadding() {
        float[] chw = tensorize(quadrants(BufferedImage.TYPE_INT_RGB), new Preprocessing(8, 8, ZERO, ONE));

        // Quadrants picture: red top-left, green top-right, blue bottom-left, white bottom-right.
        assertArrayEquals(new float[] {1, 0, 0}, pixel(chw, 8, 0, 0), 1e-5f, "top-left");
        assertArrayEquals(new float[] {0, 1, 0}, pixel(chw, 8, 7, 0), 1e-5f, "top-right");
        assertArrayEquals(new float[] {0, 0, 1}, pixel(chw, 8, 0, 7), 1e-5f, "bottom-left");
        assertArrayEquals(new float[] {1, 1, 1}, pixel(chw, 8, 7, 7), 1e-5f, "bottom-right");
    }

    private static float[] tensorize(BufferedImage image, Preprocessing preprocessing) {
        return new ImageTensorizer(preprocessing).toChw(new DecodedImage(image, ImageFormat.PNG));
    }

    /** R, G, B at (x, y) of a square CHW array of the given side. */
    private static float[] pixel(float[] chw, int side, int x, int y) {
        int plane = side * side;
        return new float[] {chw[y * side + x], chw[plane + y * side + x], chw[2 * plane + y * side + x]};
    }
}
