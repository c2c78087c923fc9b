package io.camsearch.dataset.heldout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.dataset.WorldChecks;
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
 * The held-out world's written files against its pixels. The glyph's coverage of each pixel is
 * measured from two renders without background, the glyph over black ({@code K = a P}) and over
 * white ({@code W = a P + (1 - a) 255}), so {@code a = 1 - (W - K) / 255}: nothing of the mask
 * code is used to check the mask.
 */
class HeldoutWorldTest {

    private static final int SIZE = 64;
    private static final int CLASSES = 22;
    private static final int PER_CLASS = 2;
    private static final HeldoutWorld WORLD = new HeldoutWorld(11, CLASSES, PER_CLASS, SIZE);
    /** 8-bit rounding of K and W moves the measured coverage by up to about 1/255 either way. */
    private static final double ROUNDING = 0.01;

    @TempDir
    static Path dir;
    static Path written;

    @BeforeAll
    static void generate() throws IOException {
        written = dir.resolve("two-threads");
        WORLD.writeTo(written, 2, line -> { });
    }

    @Test
    void theMaskHoldsExactlyThePixelsTheGlyphCoversAtLeastHalfAndTheBoxIsTheMasksBox() throws IOException {
        WorldChecks.assertMasksAreHalfCoverageAndBoxesTheirBoxes(written, drawn(), ROUNDING);
    }

    /**
     * The written image is the glyph over its backdrop: where the glyph covers a pixel fully it
     * shows the glyph alone, and where it covers nothing it shows the backdrop alone.
     */
    @Test
    void theImageIsTheGlyphOverTheBackdropAndNothingElse() throws IOException {
        WorldChecks.assertImagesAreTheObjectOverTheBackdrop(written, drawn(), WorldChecks.SamePixel.UP_TO_ROUNDING);
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesOnOneThreadOrTwoAndAnotherSeedOthers() throws IOException {
        WorldChecks.assertFilesDependOnTheSeedAlone(dir, written, 2 * CLASSES * PER_CLASS + 6,
                (directory, threads) -> WORLD.writeTo(directory, threads, line -> { }),
                (directory, threads) -> new HeldoutWorld(12, CLASSES, PER_CLASS, SIZE).writeTo(directory, threads, line -> { }));
    }

    @Test
    void everyClassIsItsOwnCombinationOfGlyphFillAndHue() {
        List<HeldoutClass> all = new HeldoutWorld(1, HeldoutWorld.MAX_CLASSES, 1, SIZE).classes();
        assertEquals(11 * 7 * 8, all.size());
        Set<List<Object>> combinations = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (HeldoutClass heldoutClass : all) {
            assertTrue(combinations.add(List.of(heldoutClass.glyph(), heldoutClass.fill(), heldoutClass.hue())), heldoutClass.name());
            assertTrue(names.add(heldoutClass.name()), heldoutClass.name());
        }
        // The first 22 classes show every glyph twice and every fill and hue at least twice.
        List<HeldoutClass> first = WORLD.classes();
        for (Glyph glyph : Glyph.values()) {
            assertEquals(2, first.stream().filter(c -> c.glyph() == glyph).count(), glyph.name());
        }
        for (Fill fill : Fill.values()) {
            assertTrue(first.stream().filter(c -> c.fill() == fill).count() >= 3, fill.name());
        }
    }

    /** Every glyph differs from every other in at least a tenth of the pixels of its frame. */
    @Test
    void everyGlyphHasItsOwnSilhouette() {
        Glyph[] glyphs = Glyph.values();
        for (int a = 0; a < glyphs.length; a++) {
            for (int b = a + 1; b < glyphs.length; b++) {
                int differ = 0;
                int inEither = 0;
                for (int i = 0; i < 100; i++) {
                    for (int j = 0; j < 100; j++) {
                        double u = -1 + (i + 0.5) / 50;
                        double v = -1 + (j + 0.5) / 50;
                        boolean inA = glyphs[a].contains(u, v);
                        boolean inB = glyphs[b].contains(u, v);
                        differ += inA != inB ? 1 : 0;
                        inEither += inA || inB ? 1 : 0;
                    }
                }
                assertTrue(differ > 0.1 * inEither, glyphs[a] + " and " + glyphs[b] + " differ in " + differ + " of " + inEither);
            }
        }
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertEquals("the held-out world has 2 to 616 classes, got 617",
                assertThrows(IllegalArgumentException.class, () -> new HeldoutWorld(1, 617, 1, 64)).getMessage());
        assertEquals("the image size must be 32 to 4096 pixels, got 31",
                assertThrows(IllegalArgumentException.class, () -> new HeldoutWorld(1, 4, 1, 31)).getMessage());
        assertEquals("images per class must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new HeldoutWorld(1, 4, 0, 64)).getMessage());
    }

    /**
     * Every image of the world with its glyph rendered without background over black and over
     * white, and its backdrop alone (the rasterizer with its glyph posed out of the frame).
     */
    private static List<WorldChecks.Drawn> drawn() {
        List<WorldChecks.Drawn> drawn = new ArrayList<>();
        for (HeldoutClass heldoutClass : WORLD.classes()) {
            for (int index = 0; index < PER_CLASS; index++) {
                HeldoutScene scene = WORLD.scene(heldoutClass, index);
                Layer glyph = scene.layer();
                BufferedImage backdropOnly = Layer.rasterize(SIZE, Glyph.ARROW, new Layer.Pose(-100, -100, 1, 0),
                        (u, v, x, y, out) -> { }).over(scene.backdrop());
                drawn.add(new WorldChecks.Drawn(HeldoutWorld.path(heldoutClass, index), glyph.overGrey(0), glyph.overGrey(255), backdropOnly));
            }
        }
        return drawn;
    }
}
