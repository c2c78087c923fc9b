package io.camsearch.dataset;

import io.camsearch.cam.Box;
import java.util.Locale;

/** File names and line formats of CUB-200-2011's directory layout, shared by the writer and the reader. */
final class CubLayout {

    static final String IMAGES_DIR = "images";
    static final String SEGMENTATIONS_DIR = "segmentations";
    static final String IMAGES = "images.txt";
    static final String LABELS = "image_class_labels.txt";
    static final String BOXES = "bounding_boxes.txt";
    static final String SPLIT = "train_test_split.txt";
    static final String CLASSES = "classes.txt";

    private CubLayout() {
    }

    /**
     * Where an image's mask lives below {@link #SEGMENTATIONS_DIR}: CUB keeps its JPEGs' masks as
     * PNGs with the same relative path and stem.
     */
    static String segmentationPath(String imagePath) {
        int dot = imagePath.lastIndexOf('.');
        int slash = imagePath.lastIndexOf('/');
        String stem = dot > slash ? imagePath.substring(0, dot) : imagePath;
        return stem + ".png";
    }

    /** A box as CUB writes it: {@code <x> <y> <width> <height>} as floats, e.g. {@code 60.0 27.0 325.0 304.0}. */
    static String boxFields(Box box) {
        return String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f",
                (float) box.x(), (float) box.y(), (float) box.width(), (float) box.height());
    }
}
