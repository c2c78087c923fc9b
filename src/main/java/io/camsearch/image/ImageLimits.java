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

    // The defaults live here, not only in the service's configuration mapping, because the
    // command-line tools, training, evaluation and thumbnails decode images without a service;
    // CamsearchConfig's @WithDefault names these constants, so each number is written once.
    // 20 MiB, 40 megapixels, 16384 pixels a side: any camera photo, no decompression bomb.
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final int DEFAULT_MAX_SIDE = 16_384;

    /** The service's limits unless {@code camsearch.images.*} says otherwise, and the tools' limits. */
    public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);

    public ImageLimits {
        requirePositive("maxBytes", maxBytes);
        requirePositive("maxPixels", maxPixels);
        requirePositive("maxSide", maxSide);
    }

    public ImageLimits withMaxBytes(long maxBytes) {
        return new ImageLimits(maxBytes, maxPixels, maxSide);
    }

    public ImageLimits withMaxPixels(long maxPixels) {
        return new ImageLimits(maxBytes, maxPixels, maxSide);
    }

    public ImageLimits withMaxSide(int maxSide) {
        return new ImageLimits(maxBytes, maxPixels, maxSide);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
