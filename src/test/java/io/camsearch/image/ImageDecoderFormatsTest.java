package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.GREEN;
import static io.camsearch.image.TestImages.RED;
import static io.camsearch.image.TestImages.assertColour;
import static io.camsearch.image.TestImages.assertQuadrants;
import static io.camsearch.image.TestImages.encode;
import static io.camsearch.image.TestImages.fixture;
import static io.camsearch.image.TestImages.painted;
import static io.camsearch.image.TestImages.quadrants;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderFormatsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"jpeg, JPEG, 40", "png, PNG, 0", "gif, GIF, 0", "bmp, BMP, 0"})
    void eachFormatDecodesToItsSizeAndColoursAsIntRgb(String imageIoName, ImageFormat format, int tolerance) {
        assertDecodesToQuadrants(encode(quadrants(BufferedImage.TYPE_INT_RGB), imageIoName), format, tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"quadrants.webp, 0", "quadrants-lossy.webp, 40"})
    void webpDecodesToItsSizeAndColoursAsIntRgb(String fixtureName, int tolerance) {
        assertDecodesToQuadrants(fixture(fixtureName), ImageFormat.WEBP, tolerance);
    }

    @Test
    void animatedGifGivesItsFirstFrame() throws IOException {
        DecodedImage decoded = DECODER.decode(animatedGif(solid(RED), solid(GREEN)));

        assertColour(RED, decoded.image().getRGB(5, 5), 0, "first frame");
    }

    private static void assertDecodesToQuadrants(byte[] bytes, ImageFormat format, int tolerance) {
        DecodedImage decoded = DECODER.decode(bytes);

        assertEquals(format, decoded.format());
        assertEquals(BufferedImage.TYPE_INT_RGB, decoded.image().getType());
        assertQuadrants(decoded, tolerance);
    }

    private static BufferedImage solid(int rgb) {
        return painted(10, 10, BufferedImage.TYPE_BYTE_INDEXED, (x, y) -> rgb);
    }

    private static byte[] animatedGif(BufferedImage... frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
