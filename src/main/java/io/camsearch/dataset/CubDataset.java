package io.camsearch.dataset;

import io.camsearch.cam.Box;
import io.camsearch.dataset.CubListFile.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A directory in CUB-200-2011's layout, read whole: the real CUB (JPEGs, with PNG masks of the
 * same stem) or a {@link SyntheticCatalog}. Every list file must agree with {@code images.txt}
 * line for line by id, and every image file must exist; anything else is a
 * {@link CubFormatException} naming the file and line.
 *
 * <p>CUB's boxes are floats {@code x y width height}, read as 0-based pixel coordinates with the
 * box spanning {@code [x, x + width)} and {@code [y, y + height)}. Each edge is rounded to the
 * nearest whole pixel edge (halves up), the edges are clamped to the image, and a box is kept at
 * least one pixel wide and high. A box with a negative side, or wholly outside its image, is an
 * error.
 *
 * <p>{@code train_test_split.txt} alone may be missing: a catalog made only for evaluation need
 * not split anything, and {@link #hasSplitFile()} tells the two cases apart.
 */
public final class CubDataset {

    private final Path root;
    private final List<CubClass> classes;
    private final List<CubImage> images;
    private final boolean hasSplitFile;

    private CubDataset(Path root, List<CubClass> classes, List<CubImage> images, boolean hasSplitFile) {
        this.root = root;
        this.classes = classes;
        this.images = images;
        this.hasSplitFile = hasSplitFile;
    }

    /**
     * Reads the list files of {@code root} and checks each image file's header for its size.
     *
     * @throws CubFormatException when a list file is missing, a line is malformed or names an
     *     unknown id, or an image file is missing or unreadable
     */
    public static CubDataset read(Path root) throws IOException {
        Map<Integer, CubClass> classes = readClasses(root);
        CubListFile imageList = CubListFile.read(root, CubLayout.IMAGES, "<image_id> <image_name>");
        CubListFile labels = CubListFile.read(root, CubLayout.LABELS, "<image_id> <class_id>");
        CubListFile boxes = CubListFile.read(root, CubLayout.BOXES, "<image_id> <x> <y> <width> <height>");
        Optional<CubListFile> split = CubListFile.readIfPresent(root, CubLayout.SPLIT, "<image_id> <is_training_image>");
        Map<Integer, CubImage> images = new LinkedHashMap<>();
        for (Row row : imageList.rows()) {
            boolean train = split.isPresent() && trainFlag(split.get().row(row.id(), row));
            images.put(row.id(), image(root, row, classes, labels.row(row.id(), row), boxes.row(row.id(), row), train));
        }
        labels.requireIdsIn(images, CubLayout.IMAGES);
        boxes.requireIdsIn(images, CubLayout.IMAGES);
        if (split.isPresent()) {
            split.get().requireIdsIn(images, CubLayout.IMAGES);
        }
        return new CubDataset(root, List.copyOf(classes.values()), List.copyOf(images.values()), split.isPresent());
    }

    /** Whether the directory has a {@code train_test_split.txt}; without one no image is marked for training. */
    public boolean hasSplitFile() {
        return hasSplitFile;
    }

    public Path root() {
        return root;
    }

    /** The classes in the order of {@code classes.txt}. */
    public List<CubClass> classes() {
        return classes;
    }

    /** The images in the order of {@code images.txt}. */
    public List<CubImage> images() {
        return images;
    }

    /**
     * The images whose class id lies in {@code [firstClassId, lastClassId]}, in file order: with
     * CUB's 200 classes, 1..100 for training and 101..200 for evaluation on unseen classes.
     */
    public List<CubImage> imagesOfClasses(int firstClassId, int lastClassId) {
        return images.stream()
                .filter(image -> image.classId() >= firstClassId && image.classId() <= lastClassId)
                .toList();
    }

    private static Map<Integer, CubClass> readClasses(Path root) throws IOException {
        Map<Integer, CubClass> classes = new LinkedHashMap<>();
        for (Row row : CubListFile.read(root, CubLayout.CLASSES, "<class_id> <class_name>").rows()) {
            classes.put(row.id(), new CubClass(row.id(), row.text(1)));
        }
        return classes;
    }

    private static CubImage image(Path root, Row imageRow, Map<Integer, CubClass> classes, Row label, Row box,
            boolean train) throws IOException {
        String relative = imageRow.text(1);
        Path file = inside(root.resolve(CubLayout.IMAGES_DIR), relative, imageRow);
        if (!Files.isRegularFile(file)) {
            throw imageRow.error("image file " + file + " does not exist");
        }
        ImageSize size = ImageSize.of(file).orElseThrow(() -> imageRow.error("cannot read the size of " + file));
        int classId = label.positiveInt(1, "class id");
        if (!classes.containsKey(classId)) {
            throw label.error("class " + classId + " is not in " + CubLayout.CLASSES);
        }
        Path mask = inside(root.resolve(CubLayout.SEGMENTATIONS_DIR), CubLayout.segmentationPath(relative), imageRow);
        return new CubImage(imageRow.id(), file, size.width(), size.height(), classId, box(box, size),
                train, Files.isRegularFile(mask) ? Optional.of(mask) : Optional.empty());
    }

    /** {@code base/relative}, refusing paths that climb out of {@code base}. */
    private static Path inside(Path base, String relative, Row row) throws CubFormatException {
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base.normalize())) {
            throw row.error("path '" + relative + "' leads outside " + base);
        }
        return resolved;
    }

    private static Box box(Row row, ImageSize size) throws CubFormatException {
        float x = row.finiteFloat(1, "x");
        float y = row.finiteFloat(2, "y");
        float width = row.finiteFloat(3, "width");
        float height = row.finiteFloat(4, "height");
        if (width < 0 || height < 0) {
            throw row.error("the box has a negative side: " + width + " x " + height);
        }
        long left = Math.round((double) x);
        long top = Math.round((double) y);
        long right = Math.round((double) x + width);
        long bottom = Math.round((double) y + height);
        if (left >= size.width() || top >= size.height() || right <= 0 || bottom <= 0) {
            throw row.error("the box lies outside the " + size.width() + "x" + size.height() + " image");
        }
        int clampedLeft = (int) Math.max(0, left);
        int clampedTop = (int) Math.max(0, top);
        int clampedRight = (int) Math.min(size.width(), Math.max(right, clampedLeft + 1));
        int clampedBottom = (int) Math.min(size.height(), Math.max(bottom, clampedTop + 1));
        return new Box(clampedLeft, clampedTop, clampedRight - clampedLeft, clampedBottom - clampedTop);
    }

    private static boolean trainFlag(Row row) throws CubFormatException {
        return switch (row.text(1)) {
            case "1" -> true;
            case "0" -> false;
            default -> throw row.error("is_training_image must be 1 or 0, got '" + row.text(1) + "'");
        };
    }
}
