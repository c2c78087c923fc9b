package io.camsearch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;

/** Test pictures, encoders and colour assertions shared by the tests of this package. */
final class TestImages {

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int WHITE = 0xFFFFFF;

    /** The picture of every fixture: 32x16, red top-left, green top-right, blue bottom-left, white bottom-right. */
    static final int QUADRANTS_WIDTH = 32;
    static final int QUADRANTS_HEIGHT = 16;

    static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    private TestImages() {
    }

    static BufferedImage quadrants(int type) {
        return painted(QUADRANTS_WIDTH, QUADRANTS_HEIGHT, type, (x, y) -> {
            boolean left = x < QUADRANTS_WIDTH / 2;
            boolean top = y < QUADRANTS_HEIGHT / 2;
            return top ? (left ? RED : GREEN) : (left ? BLUE : WHITE);
        });
    }

    /** An image whose pixel (x, y) is {@code rgbAt(x, y)}, painted row by row. */
    static BufferedImage painted(int width, int height, int type, IntBinaryOperator rgbAt) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgbAt.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** Asserts the decoded picture is the quadrants picture, upright, each corner within {@code tolerance}. */
    static void assertQuadrants(DecodedImage decoded, int tolerance) {
        assertEquals(QUADRANTS_WIDTH, decoded.width(), "width");
        assertEquals(QUADRANTS_HEIGHT, decoded.height(), "height");
        int right = QUADRANTS_WIDTH - 2;
        int bottom = QUADRANTS_HEIGHT - 2;
        assertColour(RED, decoded.image().getRGB(1, 1), tolerance, "top-left");
        assertColour(GREEN, decoded.image().getRGB(right, 1), tolerance, "top-right");
        assertColour(BLUE, decoded.image().getRGB(1, bottom), tolerance, "bottom-left");
        assertColour(WHITE, decoded.image().getRGB(right, bottom), tolerance, "bottom-right");
    }

    static void assertColour(int expectedRgb, int actualRgb, int tolerance, String where) {
        for (int shift = 16; shift >= 0; shift -= 8) {
            int expected = expectedRgb >> shift & 0xFF;
            int actual = actualRgb >> shift & 0xFF;
            assertTrue(Math.abs(expected - actual) <= tolerance, () -> String.format(
                    "%s: expected %06X within %d per channel, was %06X",
                    where, expectedRgb & 0xFFFFFF, tolerance, actualRgb & 0xFFFFFF));
        }
    }

    /** Asserts that {@code decode} is rejected for {@code reason} with a message containing {@code messagePart}. */
    static void assertRejected(Reason reason, String messagePart, Runnable decode) {
        ImageRejectedException rejected = assertThrows(ImageRejectedException.class, decode::run);
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        assertTrue(rejected.getMessage().contains(messagePart),
                () -> "message should contain '" + messagePart + "' but was: " + rejected.getMessage());
    }

    static byte[] encode(RenderedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] fixture(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
