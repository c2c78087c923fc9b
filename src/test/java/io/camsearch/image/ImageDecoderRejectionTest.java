package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.encode;
import static io.camsearch.image.TestImages.fixture;
import static io.camsearch.image.TestImages.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ImageDecoderRejectionTest {

    @Test
    void emptyBytesAreRejectedAsEmpty() {
        assertRejected(Reason.EMPTY, "empty", () -> DECODER.decode(new byte[0]));
    }

    @Test
    void bytesOverTheByteLimitAreRejectedWithBothNumbers() {
        byte[] png = encode(noise(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(1000, 40_000_000, 16_384));

        assertRejected(Reason.TOO_MANY_BYTES, "image is " + png.length + " bytes, over the limit of 1000 bytes",
                () -> decoder.decode(png));
    }

    @Test
    void randomBytesAreRejectedAsUnsupportedFormat() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);

        assertRejected(Reason.UNSUPPORTED_FORMAT, "supported: [JPEG, PNG, GIF, BMP, WEBP]", () -> DECODER.decode(random));
    }

    @Test
    void pdfIsRejectedAsUnsupportedFormatNamingItsFirstBytes() {
        byte[] pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(Reason.UNSUPPORTED_FORMAT, "it starts with bytes 25 50 44 46 2d 31 2e 37",
                () -> DECODER.decode(pdf));
    }

    @Test
    void tiffIsRejectedAlthoughTheJdkCanReadIt() {
        byte[] tiff = encode(noise(8, 8, BufferedImage.TYPE_INT_RGB), "tiff");

        assertRejected(Reason.UNSUPPORTED_FORMAT, "TIF images are not supported", () -> DECODER.decode(tiff));
    }

    @Test
    void pngDeclaringGigapixelsIsRejectedFromItsHeaderWithoutAllocating() {
        byte[] png = pngWithHeaderOnly(40_000, 40_000);

        // Decoding would allocate a 1.6 GB raster and take seconds; the header check takes milliseconds.
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertRejected(Reason.TOO_MANY_PIXELS,
                "image is 40000x40000 = 1600000000 pixels, over the limit of 40000000", () -> DECODER.decode(png)));
    }

    @Test
    void imageWithASideOverTheLimitIsRejectedEvenWithFewPixels() {
        byte[] png = pngWithHeaderOnly(20_000, 10);

        assertRejected(Reason.TOO_MANY_PIXELS, "image is 20000x10 pixels, its longer side is over the limit of 16384",
                () -> DECODER.decode(png));
    }

    @Test
    void truncatedJpegIsRejectedAsCorruptNotReturnedHalfGrey() {
        byte[] jpeg = encode(noise(128, 128, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertRejected(Reason.CORRUPT, "JPEG image is cut short or corrupt: Corrupt JPEG data: premature end of data segment",
                () -> DECODER.decode(half));
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsAcceptedBecauseItsPixelsAreComplete() {
        byte[] jpeg = encode(noise(128, 128, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] withoutEndMarker = Arrays.copyOf(jpeg, jpeg.length - 2);

        assertEquals(128, DECODER.decode(withoutEndMarker).width());
    }

    @Test
    void truncatedPngIsRejectedAsCorrupt() {
        byte[] png = encode(noise(128, 128, BufferedImage.TYPE_INT_RGB), "png");
        byte[] half = Arrays.copyOf(png, png.length / 2);

        assertRejected(Reason.CORRUPT, "PNG image is corrupt or cut short", () -> DECODER.decode(half));
    }

    @Test
    void truncatedWebpIsRejectedAsCorruptFromItsRiffLength() {
        byte[] webp = fixture("quadrants.webp");
        byte[] half = Arrays.copyOf(webp, webp.length / 2);

        assertRejected(Reason.CORRUPT, "WEBP image is cut short: its header declares " + webp.length
                + " bytes, there are " + half.length, () -> DECODER.decode(half));
    }

    private static void assertRejected(Reason reason, String messagePart, Runnable decode) {
        ImageRejectedException rejected = assertThrows(ImageRejectedException.class, decode::run);
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        assertTrue(rejected.getMessage().contains(messagePart),
                () -> "message should contain '" + messagePart + "' but was: " + rejected.getMessage());
    }

    private static BufferedImage noise(int width, int height, int type) {
        Random random = new Random(7);
        return painted(width, height, type, (x, y) -> random.nextInt());
    }

    /** A valid PNG header for an 8-bit grayscale image of the given size, with one row of data. */
    private static byte[] pngWithHeaderOnly(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        writeChunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        writeChunk(png, "IDAT", deflate(new byte[1 + width]));
        writeChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + 64];
        int length = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, length);
    }
}
