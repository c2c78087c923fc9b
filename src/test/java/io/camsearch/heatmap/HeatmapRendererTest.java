package io.camsearch.heatmap;

import static io.camsearch.cam.TestGrids.row;
import static io.camsearch.cam.TestGrids.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HeatmapRendererTest {

    private static final int WIDTH = 6;
    private static final int HEIGHT = 4;
    private static final int TURBO_AT_0 = 0x23171B;

    @Test
    void alphaZeroReturnsTheOriginalPixels() {
        BufferedImage image = randomImage(new Random(1));

        BufferedImage overlay = HeatmapRenderer.overlay(image, ramp(), 0);

        assertArrayEquals(pixels(image), pixels(overlay));
    }

    @Test
    void alphaOneGivesTheColormapColours() {
        Grid map = ramp();

        BufferedImage overlay = HeatmapRenderer.overlay(randomImage(new Random(2)), map, 1);

        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                assertEquals(Colormap.TURBO.rgb(map.get(y, x)), overlay.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void blendingWeighsImageAndColourPerChannel() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x6432C8); // (100, 50, 200)

        BufferedImage overlay = HeatmapRenderer.overlay(image, Grid.filled(1, 1, 0), 0.5);

        // (100 + 35) / 2 = 67.5, (50 + 23) / 2 = 36.5, (200 + 27) / 2 = 113.5, rounded half up
        assertEquals(TURBO_AT_0, Colormap.TURBO.rgb(0));
        assertEquals(0x442572, overlay.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void aSmallerMapIsUpsampledToTheImageFirst() {
        Grid map = rows(row(0, 1), row(1, 0));
        BufferedImage overlay = HeatmapRenderer.overlay(randomImage(new Random(3)), map, 1);

        assertEquals(WIDTH, overlay.getWidth());
        assertEquals(HEIGHT, overlay.getHeight());
        assertArrayEquals(pixels(HeatmapRenderer.colorize(map.upsampleBilinear(HEIGHT, WIDTH))), pixels(overlay));
    }

    @Test
    void colorizeDrawsOnePixelPerCell() {
        Grid map = rows(row(0, 0.5f, 1));

        BufferedImage colours = HeatmapRenderer.colorize(map);

        assertEquals(3, colours.getWidth());
        assertEquals(1, colours.getHeight());
        // 0.5 rounds to entry 128
        assertArrayEquals(new int[] {0x23171B, 0x98FA4F, 0x900D00}, pixels(colours));
    }

    @Test
    void pngDecodesBackToTheSamePixels() throws IOException {
        BufferedImage overlay = HeatmapRenderer.overlay(randomImage(new Random(4)), ramp(), HeatmapRenderer.DEFAULT_ALPHA);

        byte[] png = HeatmapRenderer.png(overlay);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));

        assertEquals(WIDTH, decoded.getWidth());
        assertEquals(HEIGHT, decoded.getHeight());
        assertArrayEquals(pixels(overlay), pixels(decoded));
    }

    @Test
    void aBoxIsOutlinedTwoPixelsThickInsideItsEdges() {
        BufferedImage canvas = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
        Box box = new Box(2, 3, 7, 6); // columns 2..8, rows 3..8

        HeatmapRenderer.drawBox(canvas, box, HeatmapRenderer.PREDICTED_BOX_RGB);

        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                boolean inBox = x >= 2 && x <= 8 && y >= 3 && y <= 8;
                boolean inInterior = x >= 4 && x <= 6 && y >= 5 && y <= 6;
                int expected = inBox && !inInterior ? 0xFFFFFF : 0x000000;
                assertEquals(expected, canvas.getRGB(x, y) & 0xFFFFFF, "at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aBoxReachingBeyondTheCanvasIsClipped() {
        BufferedImage canvas = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);

        HeatmapRenderer.drawBox(canvas, new Box(2, 2, 10, 10), HeatmapRenderer.GROUND_TRUTH_BOX_RGB);

        assertEquals(0xFF00FF, canvas.getRGB(2, 2) & 0xFFFFFF);
        assertEquals(0xFF00FF, canvas.getRGB(3, 3) & 0xFFFFFF);
        assertEquals(0x000000, canvas.getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void boxesOnACanvasWithAnAlphaChannelAreOpaque() {
        BufferedImage canvas = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);

        HeatmapRenderer.drawBox(canvas, new Box(0, 0, 4, 4), 0x00FF00);

        assertEquals(0xFF00FF00, canvas.getRGB(0, 0));
    }

    @Test
    void rejectsAlphaOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> HeatmapRenderer.overlay(randomImage(new Random(5)), ramp(), -0.01));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRenderer.overlay(randomImage(new Random(5)), ramp(), 1.01));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRenderer.overlay(randomImage(new Random(5)), ramp(), Double.NaN));
    }

    /** Values 0, 1/23, ..., 1 in row-major order over the image's size. */
    private static Grid ramp() {
        float[] values = new float[WIDTH * HEIGHT];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) i / (values.length - 1);
        }
        return new Grid(HEIGHT, WIDTH, values);
    }

    private static BufferedImage randomImage(Random random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** The image's pixels as 0xRRGGBB, row-major. */
    private static int[] pixels(BufferedImage image) {
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < argb.length; i++) {
            argb[i] &= 0xFFFFFF;
        }
        return argb;
    }
}
