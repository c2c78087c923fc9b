package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The checks every generated world's files must pass, against its pixels: its masks and boxes
 * against the object's coverage measured by {@link LayerCoverage}, its images as the object over
 * the backdrop, and its files as a function of the seed alone. Each world's test says how it
 * draws its object and backdrop ({@link Drawn}) and keeps the checks that are its own.
 */
public final class WorldChecks {

    /**
     * One written image of a world: where it is (relative to {@code images/} and {@code
     * segmentations/}), its object alone over black and over white, and what the image shows
     * where the object covers nothing.
     */
    public record Drawn(String path, BufferedImage overBlack, BufferedImage overWhite, BufferedImage backdrop) {

        double[] coverage() {
            return LayerCoverage.of(overBlack, overWhite);
        }
    }

    /** Writes a world to a directory with some threads. */
    @FunctionalInterface
    public interface WorldWriter {
        void writeTo(Path directory, int threads) throws IOException;
    }

    /** Whether two pixels (RGB) show the same. */
    @FunctionalInterface
    public interface SamePixel {
        boolean test(int expected, int actual);

        SamePixel EXACTLY = (expected, actual) -> expected == actual;
        SamePixel UP_TO_ROUNDING = LayerCoverage::sameUpToRounding;
    }

    private WorldChecks() {
    }

    /**
     * Each mask holds exactly the pixels its object covers at least half (pixels within {@code
     * rounding} of half are left undecided, and nearly all must be decided), and each line of
     * {@code bounding_boxes.txt} is its mask's box.
     *
     * @param drawn the world's images in the order of its image ids
     */
    public static void assertMasksAreHalfCoverageAndBoxesTheirBoxes(Path written, List<Drawn> drawn, double rounding) throws IOException {
        List<String> boxes = Files.readAllLines(written.resolve("bounding_boxes.txt"));
        assertEquals(drawn.size(), boxes.size());
        int id = 0;
        int decided = 0;
        int pixels = 0;
        for (Drawn image : drawn) {
            id++;
            String path = image.path();
            double[] coverage = image.coverage();
            BufferedImage mask = ImageIO.read(written.resolve("segmentations").resolve(path).toFile());
            int size = mask.getWidth();
            pixels += size * size;
            int left = size, top = size, right = -1, bottom = -1;
            for (int p = 0; p < size * size; p++) {
                int sample = mask.getRaster().getSample(p % size, p / size, 0);
                assertTrue(sample == 0 || sample == 255, path + ": mask sample " + sample);
                if (Math.abs(coverage[p] - 0.5) > rounding) {
                    decided++;
                    assertEquals(coverage[p] > 0.5, sample == 255, path + " pixel (" + p % size + ", " + p / size + ") is covered " + coverage[p]);
                }
                if (sample == 255) {
                    left = Math.min(left, p % size);
                    right = Math.max(right, p % size);
                    top = Math.min(top, p / size);
                    bottom = Math.max(bottom, p / size);
                }
            }
            assertTrue(right >= 0, "empty mask " + path);
            assertEquals("%d %d.0 %d.0 %d.0 %d.0".formatted(id, left, top, right - left + 1, bottom - top + 1), boxes.get(id - 1), path);
        }
        assertTrue(decided > pixels * 0.95, decided + " pixels decided away from the halfway point");
    }

    /**
     * Where the object covers a pixel fully the written image shows the object alone (up to
     * rounding); where it covers nothing, the backdrop alone ({@code backdrop} says how alike).
     */
    public static void assertImagesAreTheObjectOverTheBackdrop(Path written, List<Drawn> drawn, SamePixel backdrop) throws IOException {
        int full = 0;
        int empty = 0;
        for (Drawn drawnImage : drawn) {
            String path = drawnImage.path();
            double[] coverage = drawnImage.coverage();
            BufferedImage image = ImageIO.read(written.resolve("images").resolve(path).toFile());
            int size = image.getWidth();
            for (int p = 0; p < size * size; p++) {
                int x = p % size;
                int y = p / size;
                if (coverage[p] == 1) {
                    full++;
                    assertTrue(LayerCoverage.sameUpToRounding(drawnImage.overBlack().getRGB(x, y), image.getRGB(x, y)), path + " (" + x + ", " + y + ")");
                } else if (coverage[p] == 0) {
                    empty++;
                    int expected = drawnImage.backdrop().getRGB(x, y);
                    assertTrue(backdrop.test(expected, image.getRGB(x, y)),
                            path + " (" + x + ", " + y + "): backdrop %06x, image %06x".formatted(expected & 0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF));
                }
            }
        }
        assertTrue(full > 0 && empty > full, full + " fully covered and " + empty + " empty pixels");
    }

    /**
     * {@code written} (by {@code seed} on two threads) holds {@code fileCount} files, byte for byte
     * those {@code seed} writes on one thread; {@code otherSeed} writes none of its images alike.
     */
    public static void assertFilesDependOnTheSeedAlone(Path dir, Path written, int fileCount, WorldWriter seed, WorldWriter otherSeed)
            throws IOException {
        Path oneThread = dir.resolve("one-thread");
        seed.writeTo(oneThread, 1);
        List<Path> files = LayerCoverage.files(written);
        assertEquals(files, LayerCoverage.files(oneThread));
        assertEquals(fileCount, files.size());
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(written.resolve(file)), Files.readAllBytes(oneThread.resolve(file)), file.toString());
        }
        Path other = dir.resolve("other-seed");
        otherSeed.writeTo(other, 2);
        for (String line : Files.readAllLines(written.resolve("images.txt"))) {
            Path image = Path.of("images", line.split(" ")[1]);
            assertFalse(Arrays.equals(Files.readAllBytes(written.resolve(image)), Files.readAllBytes(other.resolve(image))),
                    image + " is the same under another seed");
        }
    }
}
