package io.camsearch.dataset;

/**
 * One image of the catalog as the CUB files list it, known before it is drawn.
 *
 * @param id from 1, numbering the images class by class as CUB does
 * @param index the image's number within its class, from 0
 * @param train whether {@code train_test_split.txt} marks it for training
 */
record CatalogEntry(int id, ProductClass productClass, int index, boolean train) {

    /** The image's path below {@code images/} (and, the same, its mask's below {@code segmentations/}). */
    String path() {
        return "%s/%s_%04d.png".formatted(productClass.name(), productClass.label(), index + 1);
    }
}
