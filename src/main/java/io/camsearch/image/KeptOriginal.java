package io.camsearch.image;

import java.util.Set;

/**
 * When a catalog image's own bytes can serve as its thumbnail. Encoding a thumbnail is the
 * largest cost of ingesting a small image after the model (more than decoding the PNG it came
 * from; see src/site/markdown/benchmarks.md), and for an image that already fits it only loses
 * quality.
 *
 * <p>The original is served to anyone who can see the item, so it is kept only when it carries
 * nothing but pixels, and only when a browser shows it exactly as {@link ImageDecoder} decoded it
 * (the pixels the model saw and the hit-side heatmap is drawn on):
 *
 * <ul>
 *   <li>both sides fit in the thumbnail's {@code maxSide};
 *   <li>at most {@value #MAX_BYTES_PER_PIXEL} bytes a pixel (raw RGB is 3), so that a badly
 *       compressed original does not bloat the index;
 *   <li>a PNG of at most 8 bits a sample without transparency, and with no chunk outside
 *       {@link #PLAIN_PNG_CHUNKS} anywhere: no text or EXIF (which can say where a photo was
 *       taken), no gamma, chromaticities or ICC profile (which the decoder ignores and a browser
 *       applies), no animation; every chunk's CRC right and nothing after IEND, so that what is
 *       served is a PNG any browser shows and nothing else.
 * </ul>
 *
 * A JPEG is always re-encoded: its EXIF, XMP and comment segments would have to be stripped, and
 * CMYK and ICC-profiled JPEGs are converted differently by the decoder and by browsers.
 */
final class KeptOriginal {

    static final int MAX_BYTES_PER_PIXEL = 2;

    private static final int IHDR_BIT_DEPTH = PngChunks.SIGNATURE.length + 8 + 8;
    private static final int IHDR_COLOUR_TYPE = IHDR_BIT_DEPTH + 1;
    private static final int COLOUR_TYPE_GREY = 0;
    private static final int COLOUR_TYPE_RGB = 2;
    private static final int COLOUR_TYPE_PALETTE = 3;
    private static final int MAX_BIT_DEPTH = 8;
    /** The chunks a browser draws an opaque image from, and nothing else (tRNS is not here). */
    private static final Set<String> PLAIN_PNG_CHUNKS = Set.of("IHDR", "PLTE", "IDAT", "IEND", "sRGB", "pHYs", "sBIT", "bKGD");

    private KeptOriginal() {
    }

    static boolean allows(DecodedImage image, byte[] original, int maxSide) {
        if (image.width() > maxSide || image.height() > maxSide
                || original.length > (long) MAX_BYTES_PER_PIXEL * image.width() * image.height()) {
            return false;
        }
        return image.format() == ImageFormat.PNG && isPlainPng(original);
    }

    static boolean isJpeg(byte[] bytes) {
        return bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF;
    }

    /** An opaque grey, RGB or palette PNG of at most 8 bits made of {@link #PLAIN_PNG_CHUNKS} only, ending at IEND. */
    private static boolean isPlainPng(byte[] bytes) {
        if (!PngChunks.hasSignature(bytes) || bytes.length <= IHDR_COLOUR_TYPE) {
            return false;
        }
        int colourType = bytes[IHDR_COLOUR_TYPE];
        if (bytes[IHDR_BIT_DEPTH] > MAX_BIT_DEPTH
                || colourType != COLOUR_TYPE_GREY && colourType != COLOUR_TYPE_RGB && colourType != COLOUR_TYPE_PALETTE) {
            return false;
        }
        PngChunks chunks = new PngChunks(bytes);
        while (chunks.next()) {
            if (!PLAIN_PNG_CHUNKS.contains(chunks.type()) || !chunks.crcMatches()) {
                return false;
            }
            if (chunks.is("IEND")) {
                return chunks.end() == bytes.length;
            }
        }
        return false;
    }
}
