package io.camsearch.image;

/**
 * How large an image {@link ImageDecoder} accepts. The limits bound the memory one decode can
 * take, so that a hostile or accidental upload cannot exhaust the heap of a service that decodes
 * on several threads.
 *
 * @param maxBytes  largest encoded size, in bytes
 * @param maxPixels largest width x height of the decoded image; a decoded {@code TYPE_INT_RGB}
 *                  image takes 4 bytes per pixel, and the decoder's own buffers up to twice that
 * @param maxSide   largest width or height; bounds the row and column buffers of the resampler
 *                  and rejects degenerate shapes (a 1 x 40 000 000 "image") that are never photos
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {

    /** 20 MiB, 40 megapixels, 16384 pixels a side: any camera photo, no decompression bomb. */
    public static final ImageLimits DEFAULT = new ImageLimits(20L * 1024 * 1024, 40_000_000L, 16_384);

    public ImageLimits {
        requirePositive("maxBytes", maxBytes);
        requirePositive("maxPixels", maxPixels);
        requirePositive("maxSide", maxSide);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
