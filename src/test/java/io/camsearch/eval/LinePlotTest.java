package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.eval.LinePlot.Series;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LinePlotTest {

    private static final LinePlot ACCURACY = new LinePlot("Localization accuracy against threshold",
            "threshold t (fraction of the maximum)", "accuracy (IoU >= 0.5)", List.of(
                    new Series("EmbeddingCAM, mean proxy", new Curve(
                            new double[] {0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40},
                            new double[] {0.21, 0.38, 0.52, 0.61, 0.58, 0.49, 0.40, 0.31})),
                    new Series("uniform heatmap", new Curve(new double[] {0.05, 0.40}, new double[] {0.12, 0.12}))));

    @Test
    void thePngDecodesAtTheDefaultSize() throws IOException {
        BufferedImage image = decode(ACCURACY.png());

        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void eachSeriesIsDrawnInItsPaletteColour() throws IOException {
        BufferedImage image = decode(ACCURACY.png());

        assertTrue(count(image, LinePlot.PALETTE_RGB[0]) > 200, "first series");
        assertTrue(count(image, LinePlot.PALETTE_RGB[1]) > 200, "second series");
    }

    @Test
    void textAndAxesPutDarkPixelsOnAWhiteBackground() throws IOException {
        BufferedImage image = decode(ACCURACY.png());

        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF);
        assertTrue(count(image, 0x000000) > 1000, "axes, ticks and labels");
        assertTrue(darkPixelsInRows(image, 0, 30) > 100, "the title");
    }

    @Test
    void anotherSizeIsHonoured() throws IOException {
        BufferedImage image = decode(ACCURACY.png(800, 500));

        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void aPlotWithoutSeriesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinePlot("t", "x", "y", List.of()));
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int count(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int darkPixelsInRows(BufferedImage image, int fromRow, int toRow) {
        int count = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    count++;
                }
            }
        }
        return count;
    }
}
