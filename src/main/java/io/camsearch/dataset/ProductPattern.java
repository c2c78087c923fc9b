package io.camsearch.dataset;

import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/**
 * The surface patterns of product classes: the fine detail that separates, say, a striped red star
 * from a dotted one, as plumage details separate bird species. Patterns are painted in the
 * product's unit frame (diameter 1), so they scale and rotate with the product.
 */
public enum ProductPattern {
    SOLID,
    STRIPED,
    DOTTED,
    CHECKERED;

    /** The pattern's repeat in the unit frame: about 4.5 repeats across the product's diameter. */
    private static final double PERIOD = 0.22;

    /** Repeats enough to cover the unit disk from any phase. */
    private static final int REPEATS = (int) Math.ceil(1 / PERIOD) + 1;

    /**
     * Paints the pattern in the current colour over the unit disk, shifted by {@code phase} (in
     * [0, 1) periods) along both axes; the caller keeps it inside the outline by compositing.
     */
    void paint(Graphics2D g, double phase) {
        if (this == SOLID) {
            return;
        }
        double start = -0.5 - phase * PERIOD;
        double end = start + REPEATS * PERIOD;
        double half = PERIOD / 2;
        for (int i = 0; i < REPEATS; i++) {
            double x = start + i * PERIOD;
            switch (this) {
                case STRIPED -> g.fill(new Rectangle2D.Double(x, start, half, end - start));
                case DOTTED -> {
                    double radius = 0.3 * PERIOD;
                    for (int j = 0; j < REPEATS; j++) {
                        double y = start + j * PERIOD;
                        g.fill(new Ellipse2D.Double(x + half - radius, y + half - radius, 2 * radius, 2 * radius));
                    }
                }
                case CHECKERED -> {
                    for (int j = 0; j < REPEATS; j++) {
                        double y = start + j * PERIOD;
                        g.fill(new Rectangle2D.Double(x, y, half, half));
                        g.fill(new Rectangle2D.Double(x + half, y + half, half, half));
                    }
                }
            }
        }
    }

    /** The word used in class names. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
