package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubDatasetTest {

    private static final SyntheticCatalog CATALOG = new SyntheticCatalog(new CatalogSpec(3, 8, 3, 64));

    @TempDir
    static Path dir;
    static Path generated;
    static CubDataset dataset;

    @BeforeAll
    static void generateAndRead() throws IOException {
        generated = dir.resolve("generated");
        CATALOG.writeTo(generated, 2, line -> { });
        dataset = CubDataset.read(generated);
    }

    @Test
    void readsBackExactlyWhatTheGeneratorWrote() {
        assertEquals(CATALOG.classes().stream().map(c -> new CubClass(c.id(), c.name())).toList(), dataset.classes());
        List<CatalogEntry> entries = CATALOG.entries();
        assertEquals(24, dataset.images().size());
        for (int i = 0; i < entries.size(); i++) {
            CatalogEntry entry = entries.get(i);
            Box box = CATALOG.render(entry.productClass(), entry.index()).box();
            CubImage expected = new CubImage(i + 1, generated.resolve("images").resolve(entry.path()), 64, 64,
                    entry.productClass().id(), box, entry.index() % 2 == 0,
                    Optional.of(generated.resolve("segmentations").resolve(entry.path())));
            assertEquals(expected, dataset.images().get(i));
        }
    }

    @Test
    void selectsTheImagesOfAClassHalf() {
        List<CubImage> first = dataset.imagesOfClasses(1, 4);
        List<CubImage> second = dataset.imagesOfClasses(5, 8);
        assertEquals(List.of(1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4), first.stream().map(CubImage::classId).toList());
        assertEquals(12, second.size());
        assertEquals(13, second.get(0).id());
        assertEquals(List.of(), dataset.imagesOfClasses(9, 200));
    }

    @Test
    void readsCubsOwnLayoutWithJpegsFloatBoxesAndMissingMasks() throws IOException {
        Path cub = Files.createDirectories(dir.resolve("cub"));
        Files.writeString(cub.resolve("classes.txt"), "1 001.Black_footed_Albatross\n2 002.Laysan_Albatross\n");
        Files.writeString(cub.resolve("images.txt"), """
                1 001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg
                2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg
                3 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg
                """);
        Files.writeString(cub.resolve("image_class_labels.txt"), "1 1\n2 1\n3 2\n");
        Files.writeString(cub.resolve("bounding_boxes.txt"), "1 10.4 5.5 20.2 10.49\n2 -3.0 20.0 50.0 30.0\n3 5.0 5.0 0.2 0.0\n");
        Files.writeString(cub.resolve("train_test_split.txt"), "1 0\n2 1\n3 0\n");
        for (String image : List.of("001.Black_footed_Albatross/Black_Footed_Albatross_0046_18",
                "001.Black_footed_Albatross/Black_Footed_Albatross_0009_34", "002.Laysan_Albatross/Laysan_Albatross_0002_1027")) {
            CubFixtures.writeImage(cub.resolve("images/" + image + ".jpg"), "jpg", 40, 30);
        }
        Path mask = cub.resolve("segmentations/001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.png");
        CubFixtures.writeImage(mask, "png", 40, 30);

        CubDataset cubDataset = CubDataset.read(cub);

        List<CubImage> images = cubDataset.images();
        assertEquals(new CubClass(2, "002.Laysan_Albatross"), cubDataset.classes().get(1));
        assertEquals(40, images.get(0).width());
        assertEquals(30, images.get(0).height());
        // Edges 10.4, 5.5, 30.6, 15.99 round to 10, 6, 31, 16.
        assertEquals(new Box(10, 6, 21, 10), images.get(0).box());
        // Edges -3, 20, 47, 50 clamp to the 40x30 image.
        assertEquals(new Box(0, 20, 40, 10), images.get(1).box());
        // A box thinner than a pixel keeps one.
        assertEquals(new Box(5, 5, 1, 1), images.get(2).box());
        assertEquals(Optional.of(mask), images.get(0).segmentation());
        assertEquals(Optional.empty(), images.get(1).segmentation());
        assertEquals(List.of(false, true, false), images.stream().map(CubImage::trainSplit).toList());
        assertEquals(2, images.get(2).classId());
    }

    @Test
    void reportsAMalformedLineWithItsFileAndLineNumber() throws IOException {
        assertRejected("bounding_boxes.txt", lines -> set(lines, 4, "5 10.0 abc 3.0 4.0"),
                "bounding_boxes.txt:5: y must be a number, got 'abc'");
        assertRejected("image_class_labels.txt", lines -> set(lines, 6, "7 3 9"),
                "image_class_labels.txt:7: expected '<image_id> <class_id>', got '7 3 9'");
        assertRejected("train_test_split.txt", lines -> set(lines, 1, "2 yes"),
                "train_test_split.txt:2: is_training_image must be 1 or 0, got 'yes'");
        assertRejected("images.txt", lines -> set(lines, 2, "2 001.red_circle_solid/red_circle_solid_0003.png"),
                "images.txt:3: id 2 repeats line 2");
        assertRejected("image_class_labels.txt", lines -> set(lines, 2, "3 42"),
                "image_class_labels.txt:3: class 42 is not in classes.txt");
        assertRejected("bounding_boxes.txt", lines -> set(lines, 0, "1 64.0 2.0 3.0 4.0"),
                "bounding_boxes.txt:1: the box lies outside the 64x64 image");
        assertRejected("bounding_boxes.txt", lines -> set(lines, 0, "1 1.0 2.0 -3.0 4.0"),
                "bounding_boxes.txt:1: the box has a negative side");
        assertRejected("images.txt", lines -> set(lines, 0, "1 ../../outside.png"),
                "images.txt:1: path '../../outside.png' leads outside");
        assertRejected("classes.txt", lines -> set(lines, 3, "x 004.blue_star_dotted"),
                "classes.txt:4: id must be a positive integer, got 'x'");
    }

    @Test
    void reportsLinesMissingFromOneListOrExtraInAnother() throws IOException {
        assertRejected("bounding_boxes.txt", lines -> lines.subList(0, 23),
                "images.txt:24: bounding_boxes.txt has no line for id 24");
        assertRejected("train_test_split.txt", lines -> append(lines, "25 1"),
                "train_test_split.txt:25: id 25 is not in images.txt");
    }

    @Test
    void aDirectoryWithoutASplitFileReadsWithNoImageMarkedForTraining() throws IOException {
        Path noSplit = copy("no-split");
        Files.delete(noSplit.resolve("train_test_split.txt"));
        CubDataset read = CubDataset.read(noSplit);
        assertEquals(false, read.hasSplitFile());
        assertEquals(24, read.images().size());
        assertTrue(read.images().stream().noneMatch(CubImage::trainSplit));
        assertEquals(true, dataset.hasSplitFile());
        assertEquals(16, dataset.images().stream().filter(CubImage::trainSplit).count());
    }

    @Test
    void reportsMissingFilesByName() throws IOException {
        Path noImage = copy("no-image");
        Path image = noImage.resolve("images/001.red_circle_solid/red_circle_solid_0002.png");
        Files.delete(image);
        assertMessage(noImage, "images.txt:2: image file " + image + " does not exist");

        Path noClasses = copy("no-classes");
        Files.delete(noClasses.resolve("classes.txt"));
        assertMessage(noClasses, noClasses + " is not a CUB-200-2011 directory: classes.txt is missing");

        Path brokenImage = copy("broken-image");
        Path broken = brokenImage.resolve("images/001.red_circle_solid/red_circle_solid_0003.png");
        Files.writeString(broken, "not a picture");
        assertMessage(brokenImage, "images.txt:3: cannot read the size of " + broken);
    }

    private static void assertRejected(String file, UnaryOperator<List<String>> edit, String expected) throws IOException {
        Path copy = copy(file + "-" + expected.hashCode());
        Path list = copy.resolve(file);
        Files.write(list, edit.apply(new ArrayList<>(Files.readAllLines(list))));
        assertMessage(copy, expected);
    }

    private static void assertMessage(Path root, String expected) {
        CubFormatException e = assertThrows(CubFormatException.class, () -> CubDataset.read(root));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        if (expected.contains(".txt:")) {
            assertTrue(e.getMessage().startsWith(root.resolve(expected.substring(0, expected.indexOf(':'))) + ":"),
                    e.getMessage());
        }
    }

    private static Path copy(String name) throws IOException {
        Path copy = dir.resolve("copies").resolve(name);
        try (Stream<Path> walk = Files.walk(generated)) {
            for (Path source : walk.toList()) {
                Path target = copy.resolve(generated.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return copy;
    }

    private static List<String> set(List<String> lines, int index, String line) {
        lines.set(index, line);
        return lines;
    }

    private static List<String> append(List<String> lines, String line) {
        lines.add(line);
        return lines;
    }
}
