package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.assertRejected;
import static io.camsearch.image.TestImages.encode;
import static io.camsearch.image.TestImages.fixture;
import static io.camsearch.image.TestImages.painted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageDecoderRejectionTest {

    @Test
    void emptyBytesAreRejectedAsEmpty() {
        assertRejected(Reason.EMPTY, "empty", () -> DECODER.decode(new byte[0]));
    }

    @Test
    void bytesOverTheByteLimitAreRejectedWithBothNumbers() {
        byte[] png = encode(noise(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT.withMaxBytes(1000));

        assertRejected(Reason.TOO_MANY_BYTES, "image is " + png.length + " bytes, over the limit of 1000 bytes",
                () -> decoder.decode(png));
    }

    @Test
    void randomBytesAreRejectedAsUnsupportedFormat() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);

        assertRejected(Reason.UNSUPPORTED_FORMAT, "supported: [JPEG, PNG, GIF, BMP, WEBP]",
                () -> DECODER.decode(random));
    }

    @Test
    void pdfIsRejectedAsUnsupportedFormatWithoutShowingItsBytes() {
        // The message once quoted the first bytes: content the URL pointed at, perhaps a secret.
        byte[] pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> DECODER.decode(pdf));
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("not an image in a supported format (supported: [JPEG, PNG, GIF, BMP, WEBP])", e.getMessage());
    }

    @Test
    void textIsRejectedAsTextWithoutQuotingIt() {
        byte[] secret = "secret=hunter2; this is what the URL pointed at".getBytes(StandardCharsets.US_ASCII);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> DECODER.decode(secret));
        assertEquals("not an image in a supported format (supported: [JPEG, PNG, GIF, BMP, WEBP]); it is text (an error page?)", e.getMessage());
    }

    @Test
    void tiffIsRejectedAlthoughTheJdkCanReadIt() {
        byte[] tiff = encode(noise(8, 8, BufferedImage.TYPE_INT_RGB), "tiff");

        assertRejected(Reason.UNSUPPORTED_FORMAT, "TIF images are not supported", () -> DECODER.decode(tiff));
    }

    @Test
    void imageWithASideOverTheLimitIsRejectedEvenWithFewPixels() {
        byte[] png = new CraftedPng(20_000, 10).end(20_000, 1);

        assertRejected(Reason.TOO_MANY_PIXELS, "image is 20000x10 pixels, its longer side is over the limit of 16384",
                () -> DECODER.decode(png));
    }

    @Test
    void truncatedJpegIsRejectedAsCorruptNotReturnedHalfGrey() {
        byte[] jpeg = encode(noise(128, 128, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertRejected(Reason.CORRUPT,
                "JPEG image is cut short or corrupt: Corrupt JPEG data: premature end of data segment",
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

    private static BufferedImage noise(int width, int height, int type) {
        Random random = new Random(7);
        return painted(width, height, type, (x, y) -> random.nextInt());
    }
}
