package io.camsearch.image;

import static io.camsearch.image.TestImages.DECODER;
import static io.camsearch.image.TestImages.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.camsearch.image.ImageRejectedException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Small files that would make a naive decoder allocate or inflate gigabytes. */
class ImageDecoderBombTest {

    @Test
    void pngDeclaringGigapixelsIsRejectedFromItsHeaderWithoutAllocating() {
        byte[] png = new CraftedPng(40_000, 40_000).end(40_000, 1);

        // Decoding would allocate a 1.6 GB raster, take over a second and then fail as corrupt.
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertRejected(Reason.TOO_MANY_PIXELS,
                "image is 40000x40000 = 1600000000 pixels, over the limit of 40000000", () -> DECODER.decode(png)));
    }

    @Test
    void pngWithGigabyteTextAndIccChunksDecodesWithoutInflatingThem() {
        byte[] bomb = CraftedPng.zerosBomb(2100);
        byte[] png = new CraftedPng(4, 4)
                .chunk("iCCP", concat("icc\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb))
                .chunk("zTXt", concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb))
                .end(4, 4);

        // Either chunk, inflated, is 2.1 GB: more than a Java array holds. (metadata-extractor's
        // PNG reader, looking for EXIF, would inflate both.)
        assertEquals(4, DECODER.decode(png).width());
    }

    @Test
    void bmpWrappingAPngIsRejectedAsUnsupported() {
        byte[] png = new CraftedPng(16, 16).end(16, 16);
        ByteBuffer bmp = ByteBuffer.allocate(14 + 40 + png.length).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(14 + 40);
        bmp.putInt(40).putInt(10).putInt(10).putShort((short) 1).putShort((short) 0)
                .putInt(5 /* BI_PNG */).putInt(png.length).putInt(2835).putInt(2835).putInt(0).putInt(0);
        bmp.put(png);

        // The BMP header says 10x10; the JDK's reader would decode the PNG inside at whatever
        // size that declares (a 400 KB file can make it inflate 20000x20000 pixels).
        assertRejected(Reason.UNSUPPORTED_FORMAT, "BMP images that wrap a JPEG or PNG are not supported",
                () -> DECODER.decode(bmp.array()));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
