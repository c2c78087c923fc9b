package io.camsearch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.camsearch.cam.Box;
import io.camsearch.heatmap.HeatmapRenderer;
import java.awt.image.BufferedImage;

/** What a drawn heatmap's box looks like: the box colour on its outermost ring of pixels. */
public final class BoxOutlines {

    private BoxOutlines() {}

    /** The box's outermost ring of pixels is the box colour, and the pixels just outside its corners are not. */
    public static void assertOutlined(BufferedImage png, Box box) {
        for (int x = box.x(); x < box.right(); x++) {
            assertEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(x, box.y()) & 0xFFFFFF, "top edge at x " + x + " of " + box);
            assertEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(x, box.bottom() - 1) & 0xFFFFFF, "bottom edge at x " + x + " of " + box);
        }
        for (int y = box.y(); y < box.bottom(); y++) {
            assertEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(box.x(), y) & 0xFFFFFF, "left edge at y " + y + " of " + box);
            assertEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(box.right() - 1, y) & 0xFFFFFF, "right edge at y " + y + " of " + box);
        }
        if (box.x() > 0 && box.y() > 0) {
            assertNotEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(box.x() - 1, box.y() - 1) & 0xFFFFFF, "outside " + box);
        }
        if (box.right() < png.getWidth() && box.bottom() < png.getHeight()) {
            assertNotEquals(HeatmapRenderer.PREDICTED_BOX_RGB, png.getRGB(box.right(), box.bottom()) & 0xFFFFFF, "outside " + box);
        }
    }
}
