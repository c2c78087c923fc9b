package io.camsearch.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Files for hand-made CUB-layout directories. */
final class CubFixtures {

    private CubFixtures() {
    }

    /** A grey picture of the given size in {@code format} ("jpg" or "png"), with its directories. */
    static void writeImage(Path file, String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, format, file.toFile());
    }
}
