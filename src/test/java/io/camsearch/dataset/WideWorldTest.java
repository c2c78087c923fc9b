package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wide training world's files against its pixels. The product's coverage of each pixel is
 * measured from its layer drawn over black ({@code K = a P}) and over white
 * ({@code W = a P + (1 - a) 255}): {@code a = 1 - (W - K) / 255}.
 */
class WideWorldTest {

    private static final int SIZE = 64;
    private static final int CLASSES = 40;
    private static final int PER_CLASS = 2;
    private static final WideWorld WORLD = new WideWorld(9, CLASSES, PER_CLASS, SIZE);
    /** 8-bit rounding moves the measured coverage by about 1/255 either way; the mask's cut is 128/255. */
    private static final double ROUNDING = 0.012;

    @TempDir
    static Path dir;
    static Path written;

    @BeforeAll
    static void generate() throws IOException {
        written = dir.resolve("two-threads");
        WORLD.writeTo(written, 2, line -> { });
    }

    @Test
    void theMaskHoldsExactlyThePixelsTheProductCoversAtLeastHalfAndTheBoxIsTheMasksBox() throws IOException {
        List<String> boxes = Files.readAllLines(written.resolve("bounding_boxes.txt"));
        int id = 0;
        int decided = 0;
        for (WideClass wideClass : WORLD.classes()) {
            for (int index = 0; index < PER_CLASS; index++) {
                id++;
                String path = WideWorld.path(wideClass, index);
                BufferedImage layer = WORLD.scene(wideClass, index).layer();
                double[] coverage = LayerCoverage.of(over(layer, Color.BLACK), over(layer, Color.WHITE));
                BufferedImage mask = ImageIO.read(written.resolve("segmentations").resolve(path).toFile());
                int left = SIZE, top = SIZE, right = -1, bottom = -1;
                for (int p = 0; p < SIZE * SIZE; p++) {
                    int sample = mask.getRaster().getSample(p % SIZE, p / SIZE, 0);
                    assertTrue(sample == 0 || sample == 255, path + ": mask sample " + sample);
                    if (Math.abs(coverage[p] - 0.5) > ROUNDING) {
                        decided++;
                        assertEquals(coverage[p] > 0.5, sample == 255,
                                path + " pixel (" + p % SIZE + ", " + p / SIZE + ") is covered " + coverage[p]);
                    }
                    if (sample == 255) {
                        left = Math.min(left, p % SIZE);
                        right = Math.max(right, p % SIZE);
                        top = Math.min(top, p / SIZE);
                        bottom = Math.max(bottom, p / SIZE);
                    }
                }
                assertTrue(right >= 0, "empty mask " + path);
                assertEquals("%d %d.0 %d.0 %d.0 %d.0".formatted(id, left, top, right - left + 1, bottom - top + 1),
                        boxes.get(id - 1), path);
            }
        }
        assertTrue(decided > CLASSES * PER_CLASS * SIZE * SIZE * 0.95, decided + " pixels decided away from the halfway point");
    }

    /** Where the product covers a pixel fully the image shows the product alone; where it covers nothing, the backdrop alone. */
    @Test
    void theImageIsTheProductOverTheBackdropAndNothingElse() throws IOException {
        int full = 0;
        int empty = 0;
        for (WideClass wideClass : WORLD.classes()) {
            for (int index = 0; index < PER_CLASS; index++) {
                String path = WideWorld.path(wideClass, index);
                WideScene scene = WORLD.scene(wideClass, index);
                BufferedImage layer = scene.layer();
                BufferedImage overBlack = over(layer, Color.BLACK);
                double[] coverage = LayerCoverage.of(overBlack, over(layer, Color.WHITE));
                BufferedImage backdrop = scene.backdrop();
                BufferedImage image = ImageIO.read(written.resolve("images").resolve(path).toFile());
                for (int p = 0; p < SIZE * SIZE; p++) {
                    int x = p % SIZE;
                    int y = p / SIZE;
                    if (coverage[p] == 1) {
                        full++;
                        assertTrue(LayerCoverage.sameUpToRounding(overBlack.getRGB(x, y), image.getRGB(x, y)), path + " (" + x + ", " + y + ")");
                    } else if (coverage[p] == 0) {
                        empty++;
                        assertEquals(backdrop.getRGB(x, y), image.getRGB(x, y), path + " (" + x + ", " + y + ")");
                    }
                }
            }
        }
        assertTrue(full > 0 && empty > full, full + " fully covered and " + empty + " empty pixels");
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesOnOneThreadOrTwoAndAnotherSeedOthers() throws IOException {
        Path oneThread = dir.resolve("one-thread");
        WORLD.writeTo(oneThread, 1, line -> { });
        List<Path> files = LayerCoverage.files(written);
        assertEquals(files, LayerCoverage.files(oneThread));
        assertEquals(2 * CLASSES * PER_CLASS + 6, files.size());
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(written.resolve(file)), Files.readAllBytes(oneThread.resolve(file)), file.toString());
        }
        Path otherSeed = dir.resolve("other-seed");
        new WideWorld(10, CLASSES, PER_CLASS, SIZE).writeTo(otherSeed, 2, line -> { });
        for (String line : Files.readAllLines(written.resolve("images.txt"))) {
            Path image = Path.of("images", line.split(" ")[1]);
            assertFalse(Arrays.equals(Files.readAllBytes(written.resolve(image)), Files.readAllBytes(otherSeed.resolve(image))),
                    image + " is the same under another seed");
        }
    }

    @Test
    void everyClassIsItsOwnCombinationAndEachHalfOfSeventyEightHoldsEverySilhouette() {
        List<WideClass> all = new WideWorld(1, WideWorld.MAX_CLASSES, 1, SIZE).classes();
        assertEquals(39 * 7 * 10, all.size());
        Set<List<Object>> combinations = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (WideClass wideClass : all) {
            assertTrue(combinations.add(List.of(wideClass.silhouette(), wideClass.fill(), wideClass.hue())), wideClass.name());
            assertTrue(names.add(wideClass.name()), wideClass.name());
        }
        List<WideClass> first = all.subList(0, 39);
        List<WideClass> second = all.subList(39, 78);
        assertEquals(39, first.stream().map(WideClass::silhouette).distinct().count());
        assertEquals(39, second.stream().map(WideClass::silhouette).distinct().count());
        assertEquals(7, second.stream().map(WideClass::fill).distinct().count());
        assertEquals(10, second.stream().map(WideClass::hue).distinct().count());
    }

    /** Every silhouette differs from every other in at least a tenth of the pixels of either, rendered at 100 px. */
    @Test
    void everySilhouetteHasItsOwnOutline() {
        boolean[][] drawn = new boolean[WideSilhouette.COUNT][];
        for (int s = 0; s < drawn.length; s++) {
            BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = image.createGraphics();
            g.translate(50, 50);
            g.scale(100, 100);
            g.setColor(Color.WHITE);
            g.fill(WideSilhouette.outline(s));
            g.dispose();
            drawn[s] = new boolean[100 * 100];
            for (int p = 0; p < drawn[s].length; p++) {
                drawn[s][p] = image.getRaster().getSample(p % 100, p / 100, 0) > 127;
            }
        }
        List<String> alike = new java.util.ArrayList<>();
        for (int a = 0; a < drawn.length; a++) {
            for (int b = a + 1; b < drawn.length; b++) {
                int differ = 0;
                int inEither = 0;
                for (int p = 0; p < drawn[a].length; p++) {
                    differ += drawn[a][p] != drawn[b][p] ? 1 : 0;
                    inEither += drawn[a][p] || drawn[b][p] ? 1 : 0;
                }
                if (differ <= 0.1 * inEither) {
                    alike.add(a + " and " + b + " differ in " + differ + " of " + inEither);
                }
            }
        }
        assertEquals(List.of(), alike, "silhouettes too alike");
    }

    private static BufferedImage over(BufferedImage layer, Color ground) {
        BufferedImage canvas = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(ground);
        g.fillRect(0, 0, SIZE, SIZE);
        g.drawImage(layer, 0, 0, null);
        g.dispose();
        return canvas;
    }
}
