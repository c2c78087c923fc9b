package io.camsearch.image;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * When a catalog image's own bytes can serve as its thumbnail. Encoding a thumbnail is the
 * largest cost of ingesting a small image after the model (about 0.5 ms for a 128 x 128 JPEG,
 * more than decoding the PNG it came from), and for an image that already fits it only loses
 * quality.
 *
 * <p>The original is kept only when a browser shows it exactly as {@link ImageDecoder} decoded it,
 * the pixels the model saw and the hit-side heatmap is drawn on:
 *
 * <ul>
 *   <li>both sides fit in the thumbnail's {@code maxSide};
 *   <li>at most {@value #MAX_BYTES_PER_PIXEL} bytes a pixel (raw RGB is 3), so that a badly
 *       compressed original does not bloat the index;
 *   <li>a JPEG whose EXIF orientation is upright (a browser would rotate any other, as the decoder
 *       does, but the thumbnail box would then be the stored, unrotated one);
 *   <li>a PNG without transparency, animation, gamma, chromaticities, an ICC profile or EXIF data:
 *       the decoder ignores PNG colour metadata and composites transparency onto white, a browser
 *       does neither. Only the chunks in {@link #PLAIN_PNG_CHUNKS} may come before the pixels.
 * </ul>
 */
final class KeptOriginal {

    static final int MAX_BYTES_PER_PIXEL = 2;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int PNG_CHUNK_OVERHEAD = 12; // length, type and CRC
    private static final int IHDR_COLOUR_TYPE = PNG_SIGNATURE.length + 8 + 9;
    private static final int COLOUR_TYPE_GREY = 0;
    private static final int COLOUR_TYPE_RGB = 2;
    private static final int COLOUR_TYPE_PALETTE = 3;
    /** Chunks that change nothing a browser shows for an image without alpha (tRNS is not here). */
    private static final Set<String> PLAIN_PNG_CHUNKS = Set.of(
            "IHDR", "PLTE", "sRGB", "pHYs", "tIME", "tEXt", "zTXt", "iTXt", "bKGD", "sBIT", "hIST", "sPLT");

    private KeptOriginal() {
    }

    static boolean allows(DecodedImage image, byte[] original, int maxSide) {
        if (image.width() > maxSide || image.height() > maxSide
                || original.length > (long) MAX_BYTES_PER_PIXEL * image.width() * image.height()) {
            return false;
        }
        return switch (image.format()) {
            case JPEG -> isJpeg(original) && ExifOrientation.of(ImageFormat.JPEG, original) == ExifOrientation.TOP_LEFT;
            case PNG -> isPlainPng(original);
            case GIF, BMP, WEBP -> false;
        };
    }

    static boolean isJpeg(byte[] bytes) {
        return bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF;
    }

    static boolean isPng(byte[] bytes) {
        if (bytes.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** An opaque grey, RGB or palette PNG with only {@link #PLAIN_PNG_CHUNKS} before its first IDAT. */
    private static boolean isPlainPng(byte[] bytes) {
        if (!isPng(bytes) || bytes.length <= IHDR_COLOUR_TYPE) {
            return false;
        }
        int colourType = bytes[IHDR_COLOUR_TYPE];
        if (colourType != COLOUR_TYPE_GREY && colourType != COLOUR_TYPE_RGB && colourType != COLOUR_TYPE_PALETTE) {
            return false;
        }
        long at = PNG_SIGNATURE.length;
        while (at + PNG_CHUNK_OVERHEAD <= bytes.length) {
            long length = readUnsignedInt(bytes, (int) at);
            String type = new String(bytes, (int) at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT")) {
                return true;
            }
            if (!PLAIN_PNG_CHUNKS.contains(type)) {
                return false;
            }
            at += PNG_CHUNK_OVERHEAD + length;
        }
        return false;
    }

    private static long readUnsignedInt(byte[] bytes, int at) {
        return ((long) (bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
    }
}
