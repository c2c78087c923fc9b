package io.camsearch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.support.CatalogImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The direct PNG reader against ImageIO's, through the decoder: the same pixels for every file it
 * takes, the same outcome (pixels, or the same rejection) for cut and altered files, and ImageIO
 * alone for the PNGs it leaves.
 */
class PlainPngReaderTest {

    private static final ImageDecoder DIRECT = new ImageDecoder(ImageLimits.DEFAULT, true);
    private static final ImageDecoder IMAGE_IO = new ImageDecoder(ImageLimits.DEFAULT, false);

    @Test
    void catalogImagesDecodeToTheSamePixelsAsImageIo() {
        for (int i = 0; i < 40; i++) {
            byte[] png = CatalogImages.png(i % 20, i);
            assertNotNull(PlainPngReader.read(png, PlainPngReader.header(png)), "the catalog's PNGs are what the direct reader is for");
            assertSameOutcome(png, "catalog image " + i);
        }
    }

    @Test
    void everyFilterTypeAlphaAndIdatSplitDecodesLikeImageIo() {
        Random random = new Random(7);
        for (boolean alpha : new boolean[] {false, true}) {
            for (int[] size : new int[][] {{1, 1}, {7, 3}, {33, 17}}) {
                int[] argb = randomPixels(random, size[0] * size[1], alpha);
                for (int filter = 0; filter <= 5; filter++) { // 5: a different filter on every row
                    for (int idatBytes : new int[] {1, 13, Integer.MAX_VALUE}) {
                        byte[] png = encode(size[0], size[1], argb, alpha, filter, idatBytes, true);
                        String what = (alpha ? "RGBA " : "RGB ") + size[0] + "x" + size[1] + " filter " + filter + " IDAT " + idatBytes;
                        assertNotNull(PlainPngReader.read(png, PlainPngReader.header(png)), what + ": read directly");
                        DecodedImage decoded = assertSameOutcome(png, what);
                        assertNotNull(decoded, what + " decodes");
                    }
                }
            }
        }
    }

    @Test
    void rgbPixelsComeOutExactlyAsStoredAndAlphaIsCompositedOnWhite() {
        int[] argb = {0xFF102030, 0x00FFFFFF, 0x80000000, 0xFFFF8000};
        DecodedImage opaque = DIRECT.decode(encode(2, 2, argb, false, 4, Integer.MAX_VALUE, false));
        assertEquals(0x102030, opaque.image().getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFF8000, opaque.image().getRGB(1, 1) & 0xFFFFFF);
        DecodedImage translucent = DIRECT.decode(encode(2, 2, argb, true, 1, Integer.MAX_VALUE, false));
        assertEquals(0xFFFFFF, translucent.image().getRGB(1, 0) & 0xFFFFFF, "transparent is white");
        int grey = translucent.image().getRGB(0, 1) & 0xFF;
        assertTrue(grey >= 126 && grey <= 128, "half-transparent black on white is mid grey, got " + grey);
    }

    @Test
    void cutAndAlteredFilesHaveTheSameOutcomeAsWithImageIo() {
        Random random = new Random(11);
        for (boolean alpha : new boolean[] {false, true}) {
            byte[] png = encode(19, 11, randomPixels(random, 19 * 11, alpha), alpha, 5, 97, false);
            for (int length = 0; length < png.length; length++) {
                assertSameOutcome(Arrays.copyOf(png, length), "cut at " + length + " of " + png.length);
            }
            for (int at = 33; at < png.length; at++) {
                byte[] altered = png.clone();
                altered[at] ^= (byte) (1 + random.nextInt(255));
                assertSameOutcome(altered, "byte " + at + " of " + png.length + " altered");
            }
        }
    }

    @Test
    void pngsItDoesNotTakeAreLeftToImageIo() throws Exception {
        byte[] rgb = encode(5, 4, randomPixels(new Random(3), 20, false), false, 0, Integer.MAX_VALUE, false);
        for (int[] change : new int[][] {{8 + 8 + 8, 16}, {8 + 8 + 9, 0}, {8 + 8 + 9, 3}, {8 + 8 + 12, 1}}) {
            byte[] other = rgb.clone();
            other[change[0]] = (byte) change[1]; // bit depth 16, grey, palette, interlaced
            assertNull(PlainPngReader.header(withHeaderCrc(other)), "IHDR byte " + change[0] + " = " + change[1]);
        }
        BufferedImage grey = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        assertNull(PlainPngReader.header(TestImages.encode(grey, "png")));
        byte[] keyed = encodeWithChunkBeforeData(5, 4, "tRNS", new byte[] {0, 1, 0, 2, 0, 3});
        assertNull(PlainPngReader.header(keyed), "a colour key makes some pixels transparent: ImageIO's to decode");
        assertSameOutcome(keyed, "RGB with tRNS");
    }

    @Test
    void aPlainPngDeclaringTooManyPixelsIsRejectedBeforeItsPixelsAreAllocated() {
        byte[] huge = encode(1, 1, new int[] {0xFF000000}, false, 0, Integer.MAX_VALUE, false);
        ByteBuffer.wrap(huge, 16, 8).putInt(100_000).putInt(100_000);
        byte[] declared = withHeaderCrc(huge);
        assertNotNull(PlainPngReader.header(declared));
        TestImages.assertRejected(ImageRejectedException.Reason.TOO_MANY_PIXELS, "100000x100000", () -> DIRECT.decode(declared));
    }

    /** Decodes with both readers; both must reject for the same reason or give the same pixels. The direct result, or null. */
    private static DecodedImage assertSameOutcome(byte[] png, String what) {
        Object expected = outcome(IMAGE_IO, png);
        Object actual = outcome(DIRECT, png);
        if (expected instanceof DecodedImage e && actual instanceof DecodedImage a) {
            assertEquals(e.width(), a.width(), what);
            assertEquals(e.height(), a.height(), what);
            assertArrayEquals(e.image().getRGB(0, 0, e.width(), e.height(), null, 0, e.width()),
                    a.image().getRGB(0, 0, a.width(), a.height(), null, 0, a.width()), what);
            assertEquals(BufferedImage.TYPE_INT_RGB, a.image().getType(), what);
            return a;
        }
        assertEquals(String.valueOf(expected), String.valueOf(actual), what);
        return null;
    }

    private static Object outcome(ImageDecoder decoder, byte[] png) {
        try {
            return decoder.decode(png);
        } catch (ImageRejectedException e) {
            return "rejected " + e.reason();
        }
    }

    private static int[] randomPixels(Random random, int count, boolean alpha) {
        int[] argb = new int[count];
        for (int i = 0; i < count; i++) {
            argb[i] = random.nextInt() | (alpha ? 0 : 0xFF000000);
        }
        return argb;
    }

    /**
     * An 8-bit RGB or RGBA PNG written here, row filters chosen rather than left to a writer's
     * heuristics: {@code filter} 0-4 on every row, 5 cycles through them; the zlib stream is cut
     * into IDAT chunks of {@code idatBytes}; {@code ancillary} adds a tEXt and a gAMA chunk first.
     */
    private static byte[] encode(int width, int height, int[] argb, boolean alpha, int filter, int idatBytes, boolean ancillary) {
        int channels = alpha ? 4 : 3;
        int stride = width * channels;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] previous = new byte[stride];
        for (int y = 0; y < height; y++) {
            byte[] row = new byte[stride];
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                row[x * channels] = (byte) (p >> 16);
                row[x * channels + 1] = (byte) (p >> 8);
                row[x * channels + 2] = (byte) p;
                if (alpha) {
                    row[x * channels + 3] = (byte) (p >>> 24);
                }
            }
            int type = filter == 5 ? y % 5 : filter;
            raw.write(type);
            for (int i = 0; i < stride; i++) {
                int left = i >= channels ? row[i - channels] & 0xFF : 0;
                int above = previous[i] & 0xFF;
                int upperLeft = i >= channels ? previous[i - channels] & 0xFF : 0;
                int predictor = switch (type) {
                    case 0 -> 0;
                    case 1 -> left;
                    case 2 -> above;
                    case 3 -> (left + above) / 2;
                    default -> paeth(left, above, upperLeft);
                };
                raw.write((row[i] & 0xFF) - predictor);
            }
            previous = row;
        }
        CraftedPng png = new CraftedPng(width, height, alpha ? 6 : 2);
        if (ancillary) {
            png.chunk("tEXt", "Comment\0written by the test".getBytes(StandardCharsets.ISO_8859_1));
            png.chunk("gAMA", ByteBuffer.allocate(4).putInt(45455).array());
        }
        byte[] zlib = CraftedPng.deflate(raw.toByteArray());
        for (int at = 0; at < zlib.length; at += Math.min(idatBytes, zlib.length - at)) {
            png.chunk("IDAT", Arrays.copyOfRange(zlib, at, at + Math.min(idatBytes, zlib.length - at)));
        }
        png.chunk("IEND", new byte[0]);
        return png.bytes();
    }

    /** The paeth predictor as the PNG specification writes it (9.4). */
    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static byte[] encodeWithChunkBeforeData(int width, int height, String type, byte[] data) {
        byte[] plain = encode(width, height, randomPixels(new Random(5), width * height, false), false, 0, Integer.MAX_VALUE, false);
        int afterHeader = 8 + 12 + 13;
        byte[] headerAndChunk = new CraftedPng(width, height, 2).chunk(type, data).bytes();
        byte[] png = Arrays.copyOf(headerAndChunk, headerAndChunk.length + plain.length - afterHeader);
        System.arraycopy(plain, afterHeader, png, headerAndChunk.length, plain.length - afterHeader);
        return png;
    }

    private static byte[] withHeaderCrc(byte[] png) {
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        byte[] fixed = png.clone();
        ByteBuffer.wrap(fixed, 8 + 8 + 13, 4).putInt((int) crc.getValue());
        return fixed;
    }

}
