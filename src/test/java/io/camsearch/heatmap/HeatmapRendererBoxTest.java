package io.camsearch.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.support.BoxOutlines;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeatmapRendererBoxTest {

    private static final double THRESHOLD = 0.2;
    private static final HeatmapRenderer IMAGES = new HeatmapRenderer(512);

    @Test
    void aHeatmapDrawnAtTheImagesSizeOutlinesExactlyTheBoxTheSearchAnswers() {
        Heatmap heatmap = Heatmap.of(blob(12, 12, 3, 4, 6, 8), 200, 150, THRESHOLD);
        Box box = heatmap.box().orElseThrow();

        BufferedImage png = IMAGES.heatmap(heatmap.token(), 0, 0);

        assertEquals(200, png.getWidth());
        assertEquals(150, png.getHeight());
        BoxOutlines.assertOutlined(png, box);
    }

    @Test
    void drawnSmallerOrLargerTheBoxIsTheAnsweredBoxScaled() {
        Heatmap heatmap = Heatmap.of(blob(7, 7, 1, 2, 4, 5), 1000, 800, THRESHOLD);
        Box box = heatmap.box().orElseThrow();

        BufferedImage half = IMAGES.heatmap(heatmap.token(), 500, 0);
        assertEquals(400, half.getHeight(), "a given width keeps the image's aspect");
        BoxOutlines.assertOutlined(half, Heatmap.scale(box, 1000, 800, 500, 400));

        BufferedImage fitted = IMAGES.heatmap(heatmap.token(), 0, 0);
        assertEquals(512, fitted.getWidth(), "by default the image's size, scaled to fit the largest side");
        assertEquals(410, fitted.getHeight());

        BufferedImage overlay = IMAGES.overlay(heatmap.token(), grayImage(250, 200), 0.5);
        BoxOutlines.assertOutlined(overlay, new Box((int) Math.floor(box.x() / 4.0), (int) Math.floor(box.y() / 4.0),
                (int) Math.ceil(box.right() / 4.0) - (int) Math.floor(box.x() / 4.0), (int) Math.ceil(box.bottom() / 4.0) - (int) Math.floor(box.y() / 4.0)));
    }

    @Test
    void theImagesAreAFunctionOfTheTokenTextAlone() {
        Grid signed = HeatmapTokenTest.signedMap(new Random(7), 12, 12);
        Heatmap answered = Heatmap.of(signed, 320, 240, THRESHOLD);
        String text = answered.token().encoded().orElseThrow();
        BufferedImage image = grayImage(160, 120);

        // A fresh renderer, as on another replica that never saw the search: only the text is shared.
        HeatmapRenderer elsewhere = new HeatmapRenderer(512);
        HeatmapToken decoded = HeatmapToken.decode("map", text);

        assertArrayEquals(pixels(IMAGES.heatmap(answered.token(), 0, 0)), pixels(elsewhere.heatmap(decoded, 0, 0)));
        assertArrayEquals(pixels(IMAGES.overlay(answered.token(), image, 0.3)), pixels(elsewhere.overlay(decoded, image, 0.3)));
        assertEquals(answered.box(), decoded.box(), "the answered box travels with the map");
        assertEquals(answered.box(), Heatmap.localize(decoded.map(), 320, 240, THRESHOLD), "and is the decoded map's");
    }

    @Test
    void aMapWithNothingAboveZeroDrawsNoBox() {
        Heatmap heatmap = Heatmap.of(Grid.filled(5, 5, -1f), 40, 40, THRESHOLD);

        BufferedImage png = IMAGES.heatmap(heatmap.token(), 0, 0);

        assertTrue(heatmap.box().isEmpty());
        for (int p : pixels(png)) {
            assertNotEquals(HeatmapRenderer.PREDICTED_BOX_RGB, p & 0xFFFFFF);
        }
    }

    /** A signed map: -1 everywhere but a positive blob over rows [top, bottom) and columns [left, right). */
    private static Grid blob(int height, int width, int top, int left, int bottom, int right) {
        float[] values = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = y >= top && y < bottom && x >= left && x < right ? 1f + y + x : -1f;
            }
        }
        return new Grid(height, width, values);
    }

    private static BufferedImage grayImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0x808080);
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
