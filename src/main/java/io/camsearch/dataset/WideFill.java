package io.camsearch.dataset;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.TexturePaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * How the wide world paints a silhouette's surface in its second colour, over the first, in the
 * silhouette's unit frame (so it turns and scales with it). Drawn with Java2D onto the product
 * layer under {@code SrcAtop}, as {@link ProductPattern} is.
 */
enum WideFill {
    SOLID {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
        }
    },
    STRIPES {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
            Graphics2D turned = (Graphics2D) g.create();
            turned.rotate(angle);
            turned.setColor(ink);
            double period = 1.0 / frequency;
            double phase = random.nextDouble() * period;
            for (double x = -1 + phase; x < 1; x += period) {
                turned.fill(new Rectangle2D.Double(x, -1, period / 2, 2));
            }
            turned.dispose();
        }
    },
    CHECKS {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
            Graphics2D turned = (Graphics2D) g.create();
            turned.rotate(angle);
            turned.setColor(ink);
            double cell = 0.5 / frequency;
            for (int i = -2 * frequency; i < 2 * frequency; i++) {
                for (int j = -2 * frequency; j < 2 * frequency; j++) {
                    if (Math.floorMod(i + j, 2) == 0) {
                        turned.fill(new Rectangle2D.Double(i * cell, j * cell, cell, cell));
                    }
                }
            }
            turned.dispose();
        }
    },
    SPOTS {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
            g.setColor(ink);
            int spots = 4 + 3 * frequency;
            for (int i = 0; i < spots; i++) {
                double r = 0.03 + 0.06 * random.nextDouble();
                g.fill(new Ellipse2D.Double(random.nextDouble() - 0.5 - r, random.nextDouble() - 0.5 - r, 2 * r, 2 * r));
            }
        }
    },
    TWO_TONE {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
            float x = (float) (0.5 * Math.cos(angle));
            float y = (float) (0.5 * Math.sin(angle));
            g.setPaint(new GradientPaint(-x, -y, Palette.translucent(ink, 0), x, y, ink));
            g.fill(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
        }
    },
    GRAIN {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
            int cells = 4 * frequency;
            BufferedImage grain = new BufferedImage(cells, cells, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    grain.setRGB(x, y, Palette.translucent(ink, random.nextInt(256)).getRGB());
                }
            }
            g.setPaint(new TexturePaint(grain, new Rectangle2D.Double(-0.5, -0.5, 1, 1)));
            g.fill(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
        }
    },
    BANDS {
        @Override
        void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random) {
            g.setColor(ink);
            for (int i = 2 * frequency; i > 0; i -= 2) {
                double outer = 0.7 * i / (2.0 * frequency);
                double inner = 0.7 * (i - 1) / (2.0 * frequency);
                java.awt.geom.Area band = new java.awt.geom.Area(new Ellipse2D.Double(-outer, -outer, 2 * outer, 2 * outer));
                band.subtract(new java.awt.geom.Area(new Ellipse2D.Double(-inner, -inner, 2 * inner, 2 * inner)));
                g.fill(band);
            }
        }
    };

    /**
     * @param angle the class's texture direction in radians
     * @param frequency the class's stripes, cells or bands across the unit frame, 2 to 5
     * @param random the image's own choices (phase, spot places, grain)
     */
    abstract void paint(Graphics2D g, Color ink, double angle, int frequency, SplittableRandom random);
}
