package io.camsearch.dataset;

/**
 * What to generate. The default is CUB-200-2011's shape: 200 classes of about 60 images.
 *
 * @param seed every pixel follows from it; the same spec gives byte-identical files
 * @param classes how many classes, 2 to {@link ClassOrder#MAX_CLASSES}, in {@link ClassOrder}'s order
 * @param imagesPerClass at least 1
 * @param imageSize the side of the square images in pixels, 32 to 4096
 */
public record CatalogSpec(long seed, int classes, int imagesPerClass, int imageSize) {

    /** CUB's 200, which is also every combination {@link ClassOrder} has. */
    public static final int DEFAULT_CLASSES = 200;
    public static final int DEFAULT_IMAGES_PER_CLASS = 60;
    /** The demo network's input size. */
    public static final int DEFAULT_IMAGE_SIZE = 128;

    // Below 32 pixels the smallest products (a quarter of the side) lose their pattern.
    private static final int MIN_IMAGE_SIZE = 32;
    private static final int MAX_IMAGE_SIZE = 4096;

    /** @throws IllegalArgumentException when a count or the size is outside its range */
    public CatalogSpec {
        if (classes < 2 || classes > ClassOrder.MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be 2 to " + ClassOrder.MAX_CLASSES
                    + " (both class halves need one), got " + classes);
        }
        if (imagesPerClass < 1) {
            throw new IllegalArgumentException("images per class must be at least 1, got " + imagesPerClass);
        }
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("the image size must be " + MIN_IMAGE_SIZE + " to " + MAX_IMAGE_SIZE
                    + " pixels, got " + imageSize);
        }
    }

    public int images() {
        return Math.multiplyExact(classes, imagesPerClass);
    }
}
