package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        WorldChecks.assertMasksAreHalfCoverageAndBoxesTheirBoxes(written, drawn(), ROUNDING);
    }

    /** Where the product covers a pixel fully the image shows the product alone; where it covers nothing, the backdrop alone. */
    @Test
    void theImageIsTheProductOverTheBackdropAndNothingElse() throws IOException {
        WorldChecks.assertImagesAreTheObjectOverTheBackdrop(written, drawn(), WorldChecks.SamePixel.EXACTLY);
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesOnOneThreadOrTwoAndAnotherSeedOthers() throws IOException {
        WorldChecks.assertFilesDependOnTheSeedAlone(dir, written, 2 * CLASSES * PER_CLASS + 6,
                (directory, threads) -> WORLD.writeTo(directory, threads, line -> { }),
                (directory, threads) -> new WideWorld(10, CLASSES, PER_CLASS, SIZE).writeTo(directory, threads, line -> { }));
    }

    @Test
    void everyClassIsItsOwnCombinationAndEachHalfOfOneHundredTwoHoldsEverySilhouette() {
        List<WideClass> all = new WideWorld(1, WideWorld.MAX_CLASSES, 1, SIZE).classes();
        int silhouettes = WideSilhouette.COUNT;
        assertEquals(51, silhouettes);
        assertEquals(51 * 7 * 10, all.size());
        Set<List<Object>> combinations = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (WideClass wideClass : all) {
            assertTrue(combinations.add(List.of(wideClass.silhouette(), wideClass.fill(), wideClass.hue())), wideClass.name());
            assertTrue(names.add(wideClass.name()), wideClass.name());
        }
        List<WideClass> first = all.subList(0, silhouettes);
        List<WideClass> second = all.subList(silhouettes, 2 * silhouettes);
        assertEquals(silhouettes, first.stream().map(WideClass::silhouette).distinct().count());
        assertEquals(silhouettes, second.stream().map(WideClass::silhouette).distinct().count());
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
        List<String> alike = new ArrayList<>();
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

    /** Every image of the world with its product's layer drawn over black and over white, and its backdrop. */
    private static List<WorldChecks.Drawn> drawn() {
        List<WorldChecks.Drawn> drawn = new ArrayList<>();
        for (WideClass wideClass : WORLD.classes()) {
            for (int index = 0; index < PER_CLASS; index++) {
                WideScene scene = WORLD.scene(wideClass, index);
                drawn.add(new WorldChecks.Drawn(WideWorld.path(wideClass, index), over(scene.layer(), Color.BLACK), over(scene.layer(), Color.WHITE),
                        scene.backdrop()));
            }
        }
        return drawn;
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
