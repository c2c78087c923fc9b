package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.dataset.CubDataset;
import io.camsearch.dataset.CubImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate command as a script runs it: exit code, stderr, files. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesASmallCatalogAndEndsWithASummaryLine() throws IOException {
        Path out = dir.resolve("catalog");
        String[] lines = stderrOf(0, "generate", "--out", out.toString(), "--seed", "4", "--classes", "6",
                "--per-class", "2", "--size", "48").split("\n");

        assertEquals(11, lines.length, String.join("\n", lines));
        assertTrue(lines[9].startsWith("generate: 12/12 images (100%), "), lines[9]);
        assertTrue(lines[10].startsWith("wrote 12 images of 6 classes (6 for training) to " + out + " in "), lines[10]);
        assertEquals(12, Files.readAllLines(out.resolve("images.txt")).size());
        assertEquals("6 006.green_triangle_striped", Files.readAllLines(out.resolve("classes.txt")).get(5));
    }

    @Test
    void theHeldoutWorldIsACubCatalogOfTestImagesOnly() throws IOException {
        Path out = dir.resolve("heldout");
        String err = stderrOf(0, "generate", "--world", "heldout", "--out", out.toString(), "--seed", "4", "--classes", "12",
                "--per-class", "2", "--size", "48");

        assertTrue(err.contains("wrote 24 images of 12 classes (0 for training)"), err);
        CubDataset dataset = CubDataset.read(out);
        assertEquals(24, dataset.images().size());
        assertTrue(dataset.hasSplitFile());
        assertTrue(dataset.images().stream().noneMatch(CubImage::trainSplit));
        assertTrue(dataset.images().stream().allMatch(image -> image.segmentation().isPresent()));
        // Id 12 is k = 11: glyph 11 mod 11 = 0 (arrow), fill 11 mod 7 = 4 (gradient), hue 11 mod 8 = 3 (teal).
        assertEquals("12 012.arrow_gradient_teal", Files.readAllLines(out.resolve("classes.txt")).get(11));
        String unknown = stderrOf(1, "generate", "--world", "round", "--out", dir.resolve("round").toString());
        assertTrue(unknown.contains("--world must be 'default', 'wide' or 'heldout', got 'round'"), unknown);
    }

    @Test
    void refusesANonEmptyDirectoryUnlessForced() throws IOException {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        List<String> args = List.of("generate", "--out", out.toString(), "--classes", "2", "--per-class", "1", "--size", "32");

        String refused = stderrOf(1, args.toArray(String[]::new));
        assertTrue(refused.contains("--out " + out + " is not empty") && refused.contains("--force"), refused);
        assertEquals(List.of(out.resolve("notes.txt")), Files.list(out).toList());

        stderrOf(0, append(args, "--force"));
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
        assertEquals(2, Files.readAllLines(out.resolve("images.txt")).size());
    }

    @Test
    void badOptionsSayWhatIsWrong() throws IOException {
        String tooMany = stderrOf(1, "generate", "--out", dir.resolve("a").toString(), "--classes", "201");
        assertTrue(tooMany.contains("classes must be 2 to 200"), tooMany);
        String tooSmall = stderrOf(1, "generate", "--out", dir.resolve("b").toString(), "--size", "16");
        assertTrue(tooSmall.contains("the image size must be 32 to 4096 pixels, got 16"), tooSmall);
        Path file = Files.writeString(dir.resolve("file"), "");
        String notADirectory = stderrOf(1, "generate", "--out", file.toString());
        assertTrue(notADirectory.contains("is a file, not a directory"), notADirectory);
        stderrOf(2, "generate");
    }

    /** Runs the command line, asserts its exit code, and returns what it wrote to stderr. */
    private static String stderrOf(int exitCode, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(exitCode, run.exitCode(), run.err());
        return run.err();
    }

    private static String[] append(List<String> args, String arg) {
        return Stream.concat(args.stream(), Stream.of(arg)).toArray(String[]::new);
    }
}
