package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written boxes and masks against the written pixels: each scene is painted again in stages
 * (without its product, without its distractors) and compared with the file.
 */
class GroundTruthTest {

    private static final int SIZE = 64;
    /**
     * Antialiasing tints the pixels beside the mask that the outline covers less than half; at
     * tips thinner than a pixel (star points, crescent horns) the tint reaches two pixels out.
     */
    private static final int RIM = 2;
    private static final SyntheticCatalog CATALOG = new SyntheticCatalog(new CatalogSpec(7, 8, 3, SIZE));

    @TempDir
    static Path dir;
    static List<CatalogEntry> entries;

    @BeforeAll
    static void generate() throws IOException {
        CATALOG.writeTo(dir, 2, line -> { });
        entries = CATALOG.entries();
    }

    @Test
    void everyWrittenBoxIsTheTightBoxOfItsMasksForeground() throws IOException {
        List<String> boxLines = Files.readAllLines(dir.resolve("bounding_boxes.txt"));
        assertEquals(24, boxLines.size());
        for (CatalogEntry entry : entries) {
            boolean[] mask = mask(entry);
            int left = SIZE, top = SIZE, right = -1, bottom = -1;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    left = Math.min(left, i % SIZE);
                    right = Math.max(right, i % SIZE);
                    top = Math.min(top, i / SIZE);
                    bottom = Math.max(bottom, i / SIZE);
                }
            }
            assertTrue(right >= 0, "empty mask for " + entry.path());
            String expected = "%d %d.0 %d.0 %d.0 %d.0".formatted(entry.id(), left, top, right - left + 1, bottom - top + 1);
            assertEquals(expected, boxLines.get(entry.id() - 1), entry.path());
        }
    }

    @Test
    void masksAreBinaryAndHoldAProductOfAtLeastAQuarterOfTheSide() throws IOException {
        for (CatalogEntry entry : entries) {
            BufferedImage mask = ImageIO.read(dir.resolve("segmentations").resolve(entry.path()).toFile());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, mask.getType());
            int foreground = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int sample = mask.getRaster().getSample(x, y, 0);
                    assertTrue(sample == 0 || sample == 255, "sample " + sample + " in " + entry.path());
                    foreground += sample == 255 ? 1 : 0;
                }
            }
            // The smallest product fits a disk of 40% of the side; even a thin ring of it covers dozens
            // of pixels. The largest, a full disk of 80% of the side, covers pi * 0.4^2 ~ 0.503 of the image.
            assertTrue(foreground >= 40 && foreground <= 0.51 * SIZE * SIZE,
                    foreground + " foreground pixels in " + entry.path());
        }
    }

    /**
     * A pixel is in the mask exactly when the product covers at least half of it. The written
     * image is the product layer's colour {@code P} laid over the scene without its product
     * {@code B} with the product's coverage {@code a}, {@code I = a P + (1 - a) B}, so {@code a}
     * can be measured at every pixel where {@code P} and {@code B} differ clearly. The same check
     * on the mask shifted by one pixel in any direction must fail, or it could not catch an
     * off-by-one.
     */
    @Test
    void theMaskHoldsThePixelsTheProductCoversAtLeastHalfAndAShiftedMaskDoesNot() throws IOException {
        int measured = 0;
        for (CatalogEntry entry : entries) {
            Scene scene = CATALOG.scene(entry.productClass(), entry.index());
            BufferedImage withoutProduct = painted(scene, (s, g) -> {
                s.paintBackground(g);
                s.paintDistractors(g);
            });
            BufferedImage product = scene.product().layer(SIZE);
            BufferedImage image = ImageIO.read(dir.resolve("images").resolve(entry.path()).toFile());
            Coverage coverage = new Coverage(image, withoutProduct, product);
            boolean[] mask = mask(entry);
            assertEquals("", coverage.disagreement(mask), entry.path());
            for (int[] shift : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                assertNotEquals("", coverage.disagreement(shifted(mask, shift[0], shift[1])),
                        entry.path() + " with its mask shifted by " + shift[0] + ", " + shift[1]);
            }
            measured += coverage.measurableIn(mask);
        }
        assertTrue(measured > 24 * 40, measured + " mask pixels with a measurable coverage");
    }

    /** The product's coverage of each pixel, measured from the written image. */
    private record Coverage(BufferedImage image, BufferedImage withoutProduct, BufferedImage product) {

        /** Below this RGB distance between product and scene, 8-bit rounding swamps the measure. */
        private static final double CONTRAST = 40;
        /** Rounding and compositing error allowed around the halfway point. */
        private static final double TOLERANCE = 0.06;

        /** The first pixel where the mask and the measured coverage disagree, described, or "". */
        String disagreement(boolean[] mask) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean inMask = mask[y * SIZE + x];
                    boolean changed = image.getRGB(x, y) != withoutProduct.getRGB(x, y);
                    if (changed && !withinPixels(mask, x, y, RIM)) {
                        return "product paint beyond the mask's rim at (" + x + ", " + y + ")";
                    }
                    double a = changed ? at(x, y) : 0;
                    if (inMask ? a < 0.5 - TOLERANCE : a > 0.5 + TOLERANCE) {
                        return (inMask ? "mask" : "background") + " pixel (" + x + ", " + y + ") is covered " + a;
                    }
                }
            }
            return "";
        }

        /** How many mask pixels have a measurable coverage: the check is not vacuous. */
        int measurableIn(boolean[] mask) {
            int count = 0;
            for (int i = 0; i < mask.length; i++) {
                count += mask[i] && !Double.isNaN(at(i % SIZE, i / SIZE)) ? 1 : 0;
            }
            return count;
        }

        /** {@code a} by least squares over the three channels; NaN where {@code P} and {@code B} are too close. */
        private double at(int x, int y) {
            int[] i = rgb(image.getRGB(x, y));
            int[] b = rgb(withoutProduct.getRGB(x, y));
            int[] p = rgb(product.getRGB(x, y));
            double dot = 0;
            double norm = 0;
            for (int c = 0; c < 3; c++) {
                dot += (double) (i[c] - b[c]) * (p[c] - b[c]);
                norm += (double) (p[c] - b[c]) * (p[c] - b[c]);
            }
            return Math.sqrt(norm) < CONTRAST ? Double.NaN : dot / norm;
        }

        private static int[] rgb(int argb) {
            return new int[] {argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF};
        }
    }

    private static boolean[] shifted(boolean[] mask, int dx, int dy) {
        boolean[] shifted = new boolean[mask.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int sx = x - dx;
                int sy = y - dy;
                shifted[y * SIZE + x] = sx >= 0 && sy >= 0 && sx < SIZE && sy < SIZE && mask[sy * SIZE + sx];
            }
        }
        return shifted;
    }

    @Test
    void distractorsLeaveTheProductAndItsRimUntouched() throws IOException {
        for (CatalogEntry entry : entries) {
            Scene scene = CATALOG.scene(entry.productClass(), entry.index());
            assertTrue(!scene.distractors().isEmpty() && scene.distractors().size() <= 3,
                    scene.distractors().size() + " distractors in " + entry.path());
            BufferedImage withoutDistractors = painted(scene, (s, g) -> {
                s.paintBackground(g);
                g.drawImage(s.product().layer(SIZE), 0, 0, null);
            });
            BufferedImage image = ImageIO.read(dir.resolve("images").resolve(entry.path()).toFile());
            boolean[] mask = mask(entry);
            int changed = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (image.getRGB(x, y) != withoutDistractors.getRGB(x, y)) {
                        changed++;
                        assertTrue(!withinPixels(mask, x, y, RIM),
                                "a distractor touches the product in " + entry.path() + " at (" + x + ", " + y + ")");
                    }
                }
            }
            assertNotEquals(0, changed, "no distractor visible in " + entry.path());
        }
    }

    private static BufferedImage painted(Scene scene, BiConsumer<Scene, Graphics2D> stages) {
        BufferedImage canvas = scene.newCanvas();
        Graphics2D g = Drawing.graphics(canvas);
        stages.accept(scene, g);
        g.dispose();
        return canvas;
    }

    private static boolean[] mask(CatalogEntry entry) throws IOException {
        BufferedImage mask = ImageIO.read(dir.resolve("segmentations").resolve(entry.path()).toFile());
        boolean[] foreground = new boolean[SIZE * SIZE];
        for (int i = 0; i < foreground.length; i++) {
            foreground[i] = mask.getRaster().getSample(i % SIZE, i / SIZE, 0) != 0;
        }
        return foreground;
    }

    /** Whether a mask pixel lies at most {@code reach} columns and rows away from {@code (x, y)}. */
    private static boolean withinPixels(boolean[] mask, int x, int y, int reach) {
        for (int dy = -reach; dy <= reach; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < SIZE && ny < SIZE && mask[ny * SIZE + nx]) {
                    return true;
                }
            }
        }
        return false;
    }
}
