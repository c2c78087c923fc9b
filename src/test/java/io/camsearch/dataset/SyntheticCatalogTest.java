package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCatalogTest {

    private static final CatalogSpec SPEC = new CatalogSpec(5, 8, 3, 64);
    /** SHA-256 of SPEC's files as generator version 1 wrote them (see the test that uses it). */
    private static final String VERSION_ONE_SHA256 = "a4658b7ddc1fa73edec7b86ad401c47347ac8e421ceb31ce79dc4bc2e741af8c";

    @TempDir
    static Path dir;
    static Path twoThreads;
    static CatalogSummary summary;
    static List<String> progress = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        twoThreads = dir.resolve("two-threads");
        summary = new SyntheticCatalog(SPEC).writeTo(twoThreads, 2, progress::add);
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesOnOneThreadOrTwo() throws IOException {
        Path oneThread = dir.resolve("one-thread");
        new SyntheticCatalog(SPEC).writeTo(oneThread, 1, line -> { });

        List<Path> files = files(twoThreads);
        assertEquals(files, files(oneThread));
        // 24 images, 24 masks, 5 CUB lists, catalog.json
        assertEquals(54, files.size());
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(twoThreads.resolve(file)), Files.readAllBytes(oneThread.resolve(file)),
                    file.toString());
        }
    }

    /**
     * The default world's files, pinned by their SHA-256 (paths and bytes, in path order) as
     * generator version 1 wrote them before other worlds joined: a change that moves one pixel of
     * the default catalog fails here and must bump {@link SyntheticCatalog#GENERATOR_VERSION}.
     */
    @Test
    void theDefaultWorldsFilesAreTheOnesVersionOneWrote() throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path file : files(twoThreads)) {
            sha.update(file.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(twoThreads.resolve(file)));
        }
        assertEquals(VERSION_ONE_SHA256, HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void anotherSeedGivesOtherImagesAndBoxes() throws IOException {
        Path otherSeed = dir.resolve("other-seed");
        new SyntheticCatalog(new CatalogSpec(6, 8, 3, 64)).writeTo(otherSeed, 2, line -> { });

        List<String> paths = lines(twoThreads, "images.txt");
        assertEquals(paths, lines(otherSeed, "images.txt"));
        for (String line : paths) {
            Path image = Path.of("images", line.split(" ")[1]);
            assertFalse(Files.mismatch(twoThreads.resolve(image), otherSeed.resolve(image)) == -1, image.toString());
        }
        List<String> boxes = lines(twoThreads, "bounding_boxes.txt");
        List<String> otherBoxes = lines(otherSeed, "bounding_boxes.txt");
        int sameBoxes = 0;
        for (int i = 0; i < boxes.size(); i++) {
            sameBoxes += boxes.get(i).equals(otherBoxes.get(i)) ? 1 : 0;
        }
        assertEquals(0, sameBoxes);
    }

    @Test
    void writesCubsListsClassByClass() throws IOException {
        assertEquals(List.of("1 001.red_circle_solid", "2 002.yellow_square_dotted", "3 003.green_triangle_solid",
                        "4 004.blue_star_dotted", "5 005.red_circle_striped", "6 006.yellow_square_checkered",
                        "7 007.green_triangle_striped", "8 008.blue_star_checkered"),
                lines(twoThreads, "classes.txt"));
        List<String> images = lines(twoThreads, "images.txt");
        assertEquals(24, images.size());
        assertEquals("1 001.red_circle_solid/red_circle_solid_0001.png", images.get(0));
        assertEquals("24 008.blue_star_checkered/blue_star_checkered_0003.png", images.get(23));
        List<String> labels = lines(twoThreads, "image_class_labels.txt");
        assertEquals(List.of("1 1", "2 1", "3 1", "4 2"), labels.subList(0, 4));
        assertEquals("24 8", labels.get(23));
        // The 1st and 3rd image of each class train.
        assertEquals(List.of("1 1", "2 0", "3 1", "4 1", "5 0", "6 1"), lines(twoThreads, "train_test_split.txt").subList(0, 6));
        for (String box : lines(twoThreads, "bounding_boxes.txt")) {
            assertTrue(box.matches("\\d+ \\d+\\.0 \\d+\\.0 \\d+\\.0 \\d+\\.0"), box);
        }
        BufferedImage image = ImageIO.read(twoThreads.resolve("images/008.blue_star_checkered/blue_star_checkered_0003.png").toFile());
        assertEquals(64, image.getWidth());
        assertEquals(64, image.getHeight());
        assertTrue(Files.isRegularFile(twoThreads.resolve("segmentations/008.blue_star_checkered/blue_star_checkered_0003.png")));
    }

    @Test
    void recordsTheSpecAndTheClassHalvesInCatalogJson() throws IOException {
        JsonNode json = new ObjectMapper().readTree(twoThreads.resolve("catalog.json").toFile());
        assertEquals(SyntheticCatalog.GENERATOR_VERSION, json.get("generatorVersion").intValue());
        assertEquals(5, json.get("seed").longValue());
        assertEquals(8, json.get("classes").intValue());
        assertEquals(3, json.get("imagesPerClass").intValue());
        assertEquals(64, json.get("imageSize").intValue());
        assertEquals(24, json.get("images").intValue());
        assertEquals(16, json.get("trainImages").intValue());
        assertEquals("[1,4]", json.get("firstHalfClassIds").toString());
        assertEquals("[5,8]", json.get("secondHalfClassIds").toString());
    }

    @Test
    void summarizesWhatItWroteAndReportsEachTenthOnce() throws IOException {
        assertEquals(24, summary.images());
        assertEquals(8, summary.classes());
        assertEquals(16, summary.trainImages());
        long bytes = 0;
        for (Path file : files(twoThreads)) {
            bytes += Files.size(twoThreads.resolve(file));
        }
        assertEquals(bytes, summary.bytes());
        assertTrue(summary.line().startsWith("wrote 24 images of 8 classes (16 for training) to " + twoThreads + " in "),
                summary.line());
        assertTrue(summary.line().endsWith(String.format("s, %,d bytes", bytes)), summary.line());

        assertEquals(10, progress.size(), progress.toString());
        assertTrue(progress.get(0).startsWith("generate: 3/24 images (12%), "), progress.get(0));
        assertTrue(progress.get(1).startsWith("generate: 5/24 images (20%), "), progress.get(1));
        assertTrue(progress.get(9).startsWith("generate: 24/24 images (100%), "), progress.get(9));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    private static List<String> lines(Path root, String name) throws IOException {
        return Files.readAllLines(root.resolve(name));
    }
}
