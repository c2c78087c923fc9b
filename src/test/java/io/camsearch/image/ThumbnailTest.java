package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.assertQuadrants;
import static io.camsearch.image.TestImages.encode;
import static io.camsearch.image.TestImages.fixture;
import static io.camsearch.image.TestImages.painted;
import static io.camsearch.image.TestImages.quadrants;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThumbnailTest {

    private static final int MAX_SIDE = 256;

    @Test
    void aSmallOpaquePngIsKeptByteForByteAndDecodesToThePixelsTheModelSaw() {
        byte[] png = encode(tiles(128, 96), "png");
        DecodedImage decoded = DECODER.decode(png);

        Thumbnail thumbnail = Thumbnail.of(decoded, png, MAX_SIDE);

        assertArrayEquals(png, thumbnail.bytes());
        assertEquals("image/png", thumbnail.mediaType());
        assertEquals(128, thumbnail.originalWidth());
        assertEquals(96, thumbnail.originalHeight());
        BufferedImage shown = thumbnail.decode();
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 128; x++) {
                assertEquals(decoded.image().getRGB(x, y), shown.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aJpegIsReencodedEvenWhenItFitsSoItsMetadataIsNotServed() {
        byte[] jpeg = fixture("orientation-1.jpg");
        Thumbnail thumbnail = Thumbnail.of(DECODER.decode(jpeg), jpeg, MAX_SIDE);

        assertFalse(Arrays.equals(jpeg, thumbnail.bytes()), "its EXIF segment is not passed on");
        assertEquals("image/jpeg", thumbnail.mediaType());
        assertQuadrants(DECODER.decode(thumbnail.bytes()), 40);
    }

    @Test
    void aRotatedJpegIsReencodedUprightSoTheThumbnailBoxIsTheUprightOne() {
        byte[] jpeg = fixture("orientation-6.jpg");
        DecodedImage decoded = DECODER.decode(jpeg);

        Thumbnail thumbnail = Thumbnail.of(decoded, jpeg, MAX_SIDE);

        assertFalse(Arrays.equals(jpeg, thumbnail.bytes()), "an EXIF-rotated original is not kept");
        assertEquals("image/jpeg", thumbnail.mediaType());
        assertQuadrants(DECODER.decode(thumbnail.bytes()), 40);
    }

    @Test
    void anImageLargerThanTheThumbnailIsScaledToFitAndEncodedAsJpeg() {
        byte[] png = encode(tiles(300, 180), "png");

        Thumbnail thumbnail = Thumbnail.of(DECODER.decode(png), png, MAX_SIDE);

        assertEquals("image/jpeg", thumbnail.mediaType());
        assertEquals(300, thumbnail.originalWidth(), "boxes stay in the original's pixels");
        BufferedImage shown = thumbnail.decode();
        assertEquals(256, shown.getWidth());
        assertEquals(154, shown.getHeight());
    }

    @Test
    void aPngWithTransparencyIsReencodedOnWhiteAsTheDecoderSawIt() {
        // Half-transparent red: a browser would show the page through it, the model saw pink.
        byte[] png = encode(painted(40, 20, BufferedImage.TYPE_INT_ARGB, (x, y) -> 0x80FF0000), "png");
        DecodedImage decoded = DECODER.decode(png);

        Thumbnail thumbnail = Thumbnail.of(decoded, png, MAX_SIDE);

        assertEquals("image/jpeg", thumbnail.mediaType());
        TestImages.assertColour(decoded.image().getRGB(20, 10), thumbnail.decode().getRGB(20, 10), 6, "centre");
    }

    @Test
    void aPngWithMetadataOrColourInformationTheDecoderIgnoresIsReencoded() {
        for (String chunk : new String[] {"gAMA", "iCCP", "cHRM", "eXIf", "tRNS", "tEXt", "iTXt", "tIME"}) {
            // Sizes a reader accepts for an 8-bit grey image (tRNS: one grey level; cHRM: 8 values; tIME: 7 bytes).
            int size = switch (chunk) {
                case "tRNS" -> 2;
                case "cHRM" -> 32;
                case "tIME" -> 7;
                default -> 4;
            };
            byte[] png = new CraftedPng(8, 8).chunk(chunk, new byte[size]).end(8, 8);
            DecodedImage decoded = DECODER.decode(png);

            assertEquals("image/jpeg", Thumbnail.of(decoded, png, MAX_SIDE).mediaType(), chunk);
        }
        byte[] plain = new CraftedPng(8, 8).chunk("sRGB", new byte[1]).chunk("pHYs", new byte[9]).end(8, 8);
        assertEquals("image/png", Thumbnail.of(DECODER.decode(plain), plain, MAX_SIDE).mediaType(), "sRGB and pixel size change nothing shown");
    }

    @Test
    void aPngWithBytesAfterItsEndOrSixteenBitSamplesIsReencodedAndOneWithABadChecksumIsNotDecoded() {
        byte[] png = encode(tiles(64, 64), "png");
        assertEquals("image/png", Thumbnail.of(DECODER.decode(png), png, MAX_SIDE).mediaType());

        byte[] trailing = Arrays.copyOf(png, png.length + 5);
        assertEquals("image/jpeg", Thumbnail.of(DECODER.decode(trailing), trailing, MAX_SIDE).mediaType(), "bytes after IEND are not served");

        byte[] badCrc = png.clone();
        badCrc[png.length - 13] ^= 1; // the last byte of the IDAT chunk's CRC, just before IEND
        // A bad CRC no longer reaches the thumbnail: the decoder rejects the file (ImageDecoderCrcTest).
        assertEquals(ImageRejectedException.Reason.CORRUPT, assertThrows(ImageRejectedException.class, () -> DECODER.decode(badCrc)).reason());

        byte[] sixteenBit = encode(painted(32, 32, BufferedImage.TYPE_USHORT_GRAY, (x, y) -> x * 8 << 16 | x * 8 << 8 | x * 8), "png");
        assertEquals("image/jpeg", Thumbnail.of(DECODER.decode(sixteenBit), sixteenBit, MAX_SIDE).mediaType(), "16-bit samples round differently");
    }

    @Test
    void anOriginalOverTwoBytesAPixelIsReencodedRatherThanStored() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] noisy = encode(painted(64, 64, BufferedImage.TYPE_INT_RGB, (x, y) -> random.nextInt(1 << 24)), "png");
        assertTrue(noisy.length > 2 * 64 * 64, "random pixels do not compress: " + noisy.length + " bytes");

        Thumbnail thumbnail = Thumbnail.of(DECODER.decode(noisy), noisy, MAX_SIDE);

        assertEquals("image/jpeg", thumbnail.mediaType());
        assertTrue(thumbnail.bytes().length < noisy.length, thumbnail.toString());
    }

    @Test
    void otherFormatsAreReencoded() {
        byte[] gif = encode(quadrants(BufferedImage.TYPE_INT_RGB), "gif");
        assertEquals("image/jpeg", Thumbnail.of(DECODER.decode(gif), gif, MAX_SIDE).mediaType());
    }

    @Test
    void aThumbnailMustBeJpegOrPng() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Thumbnail(8, 8, new byte[] {'G', 'I', 'F', '8'}));
        assertTrue(e.getMessage().contains("JPEG or PNG"), e.getMessage());
    }

    /** Flat 16-pixel tiles: PNG compresses them well below the byte budget, as it does product shots on a plain background. */
    private static BufferedImage tiles(int width, int height) {
        return painted(width, height, BufferedImage.TYPE_INT_RGB, (x, y) -> (x / 16 * 29 % 256) << 16 | (y / 16 * 41 % 256) << 8 | 0x40);
    }
}
