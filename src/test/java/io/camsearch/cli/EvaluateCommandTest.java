package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate command end to end on a small generated catalog: the shipped demo model and a
 * TorchScript bundle, checked against numbers computed here from the catalog's own files.
 */
class EvaluateCommandTest {

    private static final int CLASSES = 8;
    private static final int PER_CLASS = 3;
    private static final int SIZE = 96;

    @TempDir
    static Path dir;
    static Path catalog;

    @BeforeAll
    static void generateCatalog() {
        catalog = dir.resolve("catalog");
        CliRun generated = CliRun.of("generate", "--out", catalog.toString(), "--classes", "" + CLASSES,
                "--per-class", "" + PER_CLASS, "--size", "" + SIZE, "--seed", "3");
        assertEquals(0, generated.exitCode(), generated.err());
    }

    @Test
    void theDemoModelsEvaluationHasTheTableTheJsonAndThePictures() throws IOException {
        Path out = dir.resolve("eval-demo");
        CliRun run = CliRun.of("evaluate", "--data", catalog.toString(), "--out", out.toString(), "--split", "class-halves",
                "--deletion-images", "3", "--random-orders", "2", "--randomization-images", "6");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("| single-point, all channels |"), run.out());

        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals("camsearch-demo", json.get("model").asText());
        assertEquals(CLASSES / 2 * PER_CLASS, json.get("images").intValue());
        assertEquals("class-halves", json.get("scored").get("rule").asText());
        assertEquals("5..8", json.get("scored").get("classIds").asText());
        assertEquals(4, json.get("heatmaps").size());
        double uniform = meanHeldOutBoxShare();
        for (JsonNode row : json.get("heatmaps")) {
            // The uniform heatmap's share in the box is the box's share of the image, from bounding_boxes.txt.
            assertEquals(uniform, row.get("boxUniform").get("mean").doubleValue(), 1e-9, row.get("heatmap").asText());
            double ratio = row.get("boxRatio").get("mean").doubleValue();
            assertTrue(ratio >= 0 && ratio <= 1, "box ratio " + ratio);
            double accuracy = row.get("localizationAt0.2").doubleValue();
            assertEquals(0, accuracy * 12 % 1, 1e-9, "an accuracy over 12 images is a multiple of 1/12: " + accuracy);
            assertEquals(8, row.get("localizationCurve").get("x").size());
        }
        JsonNode deletion = json.get("deletionHeatmapCurve");
        assertEquals(21, deletion.get("y").size());
        assertEquals(1.0, deletion.get("y").get(0).doubleValue(), 1e-9, "each curve starts at the unblanked score");
        int checked = json.get("randomizationSpearman").get("n").intValue();
        assertTrue(checked >= 1 && checked <= 6, "randomization check over " + checked + " images");

        for (String picture : List.of("examples.png", "localization-vs-threshold.png", "deletion.png")) {
            BufferedImage image = ImageIO.read(out.resolve(picture).toFile());
            assertTrue(image.getWidth() >= 320 && image.getHeight() >= 150, picture + " is " + image.getWidth() + "x" + image.getHeight());
        }
        assertTrue(Files.readString(out.resolve("evaluation.md")).contains("Recall@1 / Recall@5"));
    }

    @Test
    void aBundleModelIsEvaluatedWithoutTheRandomizationCheck() throws IOException {
        Path out = dir.resolve("eval-bundle");
        CliRun run = CliRun.of("evaluate", "--data", catalog.toString(), "--split", "class-halves",
                "--model", "src/test/resources/bundles/tiny-linear",
                "--out", out.toString(), "--deletion-images", "2", "--random-orders", "1", "--top-channels", "4");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("randomization check needs the network's architecture"), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals("tiny-linear", json.get("model").asText());
        assertNull(json.get("randomizationSpearman").textValue());
        assertEquals("single-point, top 4 channels", json.get("heatmaps").get(1).get("heatmap").asText());
    }

    /**
     * A catalog whose train_test_split.txt marks every image as test (as a held-out world's does)
     * is scored whole: 8 classes x 3 images. It once scored only the upper half of the class ids.
     */
    @Test
    void anAllTestCatalogIsScoredWhole() throws IOException {
        Path allTest = copyOfCatalog("all-test");
        Files.writeString(allTest.resolve("train_test_split.txt"), splitLines(id -> false));
        JsonNode json = evaluateQuickly(allTest, "all-test");
        assertEquals(CLASSES * PER_CLASS, json.get("images").intValue());
        assertEquals("all-test", json.get("scored").get("rule").asText());
        assertEquals(CLASSES, json.get("scored").get("classes").intValue());
        assertEquals("1..8", json.get("scored").get("classIds").asText());
        assertEquals("1..24", json.get("scored").get("imageIds").asText());
        assertTrue(json.get("scored").get("reason").asText().contains("marks every image as test"), json.toString());
    }

    /** The generator marks the 2nd image of each class as test: 8 images, one of each of the 8 classes. */
    @Test
    void aCatalogWithASplitFileIsScoredOnExactlyItsTestImages() throws IOException {
        JsonNode json = evaluateQuickly(catalog, "split-file");
        assertEquals(8, json.get("images").intValue());
        assertEquals("split-file", json.get("scored").get("rule").asText());
        assertEquals(8, json.get("scored").get("classes").intValue());
        assertEquals("2, 5, 8, 11, 14, 17, 20, 23", json.get("scored").get("imageIds").asText());
        assertEquals(16, json.get("scored").get("trainImagesLeftOut").intValue());
    }

    /** Without a split file the class halves are the only rule left, and the report says so. */
    @Test
    void aCatalogWithoutASplitFileFallsBackToTheClassHalvesAndSaysSo() throws IOException {
        Path noSplit = copyOfCatalog("no-split");
        Files.delete(noSplit.resolve("train_test_split.txt"));
        CliRun run = CliRun.of("evaluate", "--data", noSplit.toString(), "--out", dir.resolve("eval-no-split").toString(),
                "--deletion-images", "1", "--random-orders", "1", "--randomization-images", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("has no train_test_split.txt"), run.err());
        assertTrue(run.out().contains("has no train_test_split.txt"), run.out());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("eval-no-split").resolve("evaluation.json").toFile());
        assertEquals(CLASSES / 2 * PER_CLASS, json.get("images").intValue());
        assertEquals("class-halves", json.get("scored").get("rule").asText());
        assertEquals("5..8", json.get("scored").get("classIds").asText());
    }

    @Test
    void aSplitFileWithoutTestImagesIsRefusedByName() throws IOException {
        Path allTrain = copyOfCatalog("all-train");
        Files.writeString(allTrain.resolve("train_test_split.txt"), splitLines(id -> true));
        CliRun run = CliRun.of("evaluate", "--data", allTrain.toString(), "--out", dir.resolve("eval-all-train").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("train_test_split.txt marks no image as test"), run.err());
    }

    private static JsonNode evaluateQuickly(Path data, String name) throws IOException {
        Path out = dir.resolve("eval-" + name);
        CliRun run = CliRun.of("evaluate", "--data", data.toString(), "--out", out.toString(),
                "--deletion-images", "1", "--random-orders", "1", "--randomization-images", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("scored " + new ObjectMapper().readTree(out.resolve("evaluation.json").toFile())
                .get("images").intValue() + " images"), run.out());
        return new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
    }

    private static Path copyOfCatalog(String name) throws IOException {
        Path copy = dir.resolve(name);
        try (var files = Files.walk(catalog)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(catalog.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static String splitLines(IntPredicate train) {
        StringBuilder lines = new StringBuilder();
        for (int id = 1; id <= CLASSES * PER_CLASS; id++) {
            lines.append(id).append(train.test(id) ? " 1\n" : " 0\n");
        }
        return lines.toString();
    }

    @Test
    void aMissingDataDirectoryIsNamed() {
        CliRun run = CliRun.of("evaluate", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("is not a directory"), run.err());
    }

    /** Mean of width x height / image area over the held-out classes' boxes, read straight from the CUB files. */
    private static double meanHeldOutBoxShare() throws IOException {
        Set<String> heldOut = new HashSet<>();
        for (String line : Files.readAllLines(catalog.resolve("image_class_labels.txt"))) {
            String[] parts = line.split(" ");
            if (Integer.parseInt(parts[1]) > CLASSES / 2) {
                heldOut.add(parts[0]);
            }
        }
        double sum = 0;
        int count = 0;
        for (String line : Files.readAllLines(catalog.resolve("bounding_boxes.txt"))) {
            String[] parts = line.split(" ");
            if (heldOut.contains(parts[0])) {
                sum += Double.parseDouble(parts[3]) * Double.parseDouble(parts[4]) / (SIZE * SIZE);
                count++;
            }
        }
        return sum / count;
    }
}
