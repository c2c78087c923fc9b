package io.camsearch.image;

import static io.camsearch.image.TestImages.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camsearch.image.ImageRejectedException.Reason;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.PngFiles;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A PNG whose chunk fails its CRC was damaged after it was written: it is rejected as corrupt,
 * naming the chunk, by the plain PNG reader's path and by ImageIO's alike, for a critical chunk
 * (IHDR, IDAT) and an ancillary one (tEXt) alike.
 */
class ImageDecoderCrcTest {

    private static final ImageDecoder PLAIN = new ImageDecoder(ImageLimits.DEFAULT, true);
    private static final ImageDecoder IMAGE_IO = new ImageDecoder(ImageLimits.DEFAULT, false);
    private static final byte[] WITH_TEXT = PngFiles.withChunkBefore(CatalogImages.png(1, 0), "IDAT", "tEXt",
            "Comment\0made by a test".getBytes(StandardCharsets.ISO_8859_1));

    @Test
    void theIntactFileDecodesOnBothPaths() {
        assertEquals(128, PLAIN.decode(WITH_TEXT).width());
        assertEquals(128, IMAGE_IO.decode(WITH_TEXT).width());
    }

    @Test
    void aBadIhdrCrcIsCorruptNamingTheChunk() {
        byte[] damaged = PngFiles.crcFlipped(WITH_TEXT, "IHDR");
        for (ImageDecoder decoder : new ImageDecoder[] {PLAIN, IMAGE_IO}) {
            assertRejected(Reason.CORRUPT, "PNG image is corrupt: IHDR (chunk 1, at byte 8) fails its CRC check", () -> decoder.decode(damaged));
        }
    }

    @Test
    void aBadIdatCrcIsCorruptNamingTheChunk() {
        byte[] damaged = PngFiles.crcFlipped(WITH_TEXT, "IDAT");
        int at = PngFiles.chunkStart(WITH_TEXT, "IDAT");
        for (ImageDecoder decoder : new ImageDecoder[] {PLAIN, IMAGE_IO}) {
            assertRejected(Reason.CORRUPT, "IDAT (chunk 3, at byte " + at + ") fails its CRC check", () -> decoder.decode(damaged));
        }
    }

    @Test
    void aBadAncillaryChunkCrcIsCorruptToo() {
        byte[] damaged = PngFiles.crcFlipped(WITH_TEXT, "tEXt");
        for (ImageDecoder decoder : new ImageDecoder[] {PLAIN, IMAGE_IO}) {
            assertRejected(Reason.CORRUPT, "tEXt (chunk 2, at byte 33) fails its CRC check", () -> decoder.decode(damaged));
        }
    }

    @Test
    void aChunkTypeThatIsNotLettersIsNotEchoed() {
        byte[] odd = PngFiles.crcFlipped(PngFiles.withChunkBefore(CatalogImages.png(1, 0), "IDAT", "a\nb\0", new byte[3]), "a\nb\0");
        assertRejected(Reason.CORRUPT, "a chunk of unreadable type (chunk 2, at byte 33)", () -> PLAIN.decode(odd));
    }
}
