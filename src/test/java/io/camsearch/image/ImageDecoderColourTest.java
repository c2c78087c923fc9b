package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.RED;
import static io.camsearch.image.TestImages.WHITE;
import static io.camsearch.image.TestImages.assertColour;
import static io.camsearch.image.TestImages.encode;
import static io.camsearch.image.TestImages.fixture;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every kind of pixel ends as the sRGB value a browser would show, on white where transparent. */
class ImageDecoderColourTest {

    @Test
    void eightBitGrayKeepsItsValue() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {100, 128});

        BufferedImage decoded = DECODER.decode(encode(gray, "png")).image();

        assertColour(0x646464, decoded.getRGB(0, 0), 0, "gray 100");
        assertColour(0x808080, decoded.getRGB(1, 0), 0, "gray 128");
    }

    @Test
    void sixteenBitGrayBecomesItsEightBitValue() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {200 * 257, 0xFFFF});

        BufferedImage decoded = DECODER.decode(encode(gray, "png")).image();

        assertColour(0xC8C8C8, decoded.getRGB(0, 0), 0, "gray 200*257");
        assertColour(WHITE, decoded.getRGB(1, 0), 0, "gray 65535");
    }

    @Test
    void grayWithAlphaIsCompositedOntoWhiteWithoutBrightening() {
        BufferedImage grayAlpha = componentImage(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE,
                new int[] {128, 255, 0, 128});

        BufferedImage decoded = DECODER.decode(encode(grayAlpha, "png")).image();

        assertColour(0x808080, decoded.getRGB(0, 0), 0, "opaque gray 128 stays 128");
        assertColour(0x7F7F7F, decoded.getRGB(1, 0), 0, "black at alpha 128 over white");
    }

    @Test
    void sixteenBitRgbBecomesItsEightBitValues() {
        BufferedImage rgb16 = componentImage(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT,
                new int[] {200 * 257, 100 * 257, 50 * 257});

        BufferedImage decoded = DECODER.decode(encode(rgb16, "png")).image();

        assertColour(0xC86432, decoded.getRGB(0, 0), 0, "16-bit (200, 100, 50)");
    }

    @Test
    void rgbaIsCompositedOntoWhite() {
        BufferedImage rgba = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0xFFFF0000);
        rgba.setRGB(1, 0, 0x80FF0000);
        rgba.setRGB(2, 0, 0x00000000);

        BufferedImage decoded = DECODER.decode(encode(rgba, "png")).image();

        assertColour(RED, decoded.getRGB(0, 0), 0, "opaque red");
        assertColour(0xFF7F7F, decoded.getRGB(1, 0), 1, "red at alpha 128 over white");
        assertColour(WHITE, decoded.getRGB(2, 0), 0, "transparent black");
    }

    @Test
    void transparentPaletteEntryBecomesWhite() {
        byte[] reds = {0, (byte) 255};
        byte[] zeros = {0, 0};
        IndexColorModel palette = new IndexColorModel(1, 2, reds, zeros, zeros, 0);
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 1});

        BufferedImage decoded = DECODER.decode(encode(indexed, "gif")).image();

        assertColour(WHITE, decoded.getRGB(0, 0), 0, "transparent index");
        assertColour(RED, decoded.getRGB(1, 0), 0, "opaque index");
    }

    @Test
    void cmykJpegBecomesRgb() {
        BufferedImage decoded = DECODER.decode(fixture("cmyk.jpg")).image();

        // Without an embedded profile, each ink takes away its complementary primary.
        assertColour(0x00FFFF, decoded.getRGB(1, 1), 12, "cyan");
        assertColour(0xFF00FF, decoded.getRGB(30, 1), 12, "magenta");
        assertColour(0xFFFF00, decoded.getRGB(1, 14), 12, "yellow");
        assertColour(0x000000, decoded.getRGB(30, 14), 12, "black");
    }

    @Test
    void otherColourSpacesAreConvertedToSrgb() {
        BufferedImage linear = componentImage(ColorSpace.CS_LINEAR_RGB, false, DataBuffer.TYPE_BYTE,
                new int[] {255, 0, 0});
        BufferedImage mid = componentImage(ColorSpace.CS_LINEAR_RGB, false, DataBuffer.TYPE_BYTE,
                new int[] {0, 0, 55});

        assertColour(RED, SrgbConversion.toIntRgb(linear).getRGB(0, 0), 1, "linear red");
        // Linear 55/255 = 0.216 is sRGB 0.5: 128.
        assertColour(0x000080, SrgbConversion.toIntRgb(mid).getRGB(0, 0), 2, "linear blue 55");
    }

    /** A one-row image with a component colour model, from its samples pixel by pixel. */
    private static BufferedImage componentImage(int colorSpace, boolean alpha, int dataType, int[] samples) {
        ColorSpace space = ColorSpace.getInstance(colorSpace);
        int bits = dataType == DataBuffer.TYPE_BYTE ? 8 : 16;
        int bands = space.getNumComponents() + (alpha ? 1 : 0);
        int[] sizes = new int[bands];
        Arrays.fill(sizes, bits);
        ColorModel model = new ComponentColorModel(space, sizes, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        int width = samples.length / bands;
        WritableRaster raster = model.createCompatibleWritableRaster(width, 1);
        raster.setPixels(0, 0, width, 1, samples);
        return new BufferedImage(model, raster, false, null);
    }
}
