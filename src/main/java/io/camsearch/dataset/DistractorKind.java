package io.camsearch.dataset;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.SplittableRandom;

/**
 * The clutter objects that stand beside a product. None of them can pass for a product class:
 * they are muted (see {@link Palette#distractor}), and their forms differ from product forms
 * (lumpy blobs; rings drawn as thin lines where product rings are thick bands; squares well below
 * the smallest product size).
 */
enum DistractorKind {
    BLOB(0.05f, 0.10f),
    THIN_RING(0.05f, 0.10f),
    SMALL_SQUARE(0.03f, 0.05f);

    private final float minRadius;
    private final float maxRadius;

    /** Radii as shares of the image side. */
    DistractorKind(float minRadius, float maxRadius) {
        this.minRadius = minRadius;
        this.maxRadius = maxRadius;
    }

    /** A radius in pixels for an image of side {@code size}. */
    double radius(int size, SplittableRandom random) {
        return size * Palette.uniform(random, minRadius, maxRadius);
    }

    /** An outline centred on the origin whose every point lies within {@code radius} of it. */
    Shape outline(double radius, SplittableRandom random) {
        return switch (this) {
            case BLOB -> blob(radius, random);
            case THIN_RING -> {
                float width = Palette.uniform(random, 0.8f, 1.8f);
                double r = radius - width / 2;
                yield new BasicStroke(width).createStrokedShape(new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
            }
            case SMALL_SQUARE -> {
                double half = radius / Math.sqrt(2);
                yield new Rectangle2D.Double(-half, -half, 2 * half, 2 * half);
            }
        };
    }

    /**
     * A lumpy closed curve through points at random radii in [0.55, 1] x {@code radius}. Its
     * quadratic pieces stay inside the polygon of their control points, which lie within the
     * radius, so the curve does too.
     */
    private static Shape blob(double radius, SplittableRandom random) {
        int lobes = 5 + random.nextInt(4);
        double[] x = new double[lobes];
        double[] y = new double[lobes];
        for (int i = 0; i < lobes; i++) {
            double angle = 2 * Math.PI * i / lobes;
            double r = radius * Palette.uniform(random, 0.55f, 1f);
            x[i] = r * Math.cos(angle);
            y[i] = r * Math.sin(angle);
        }
        Path2D path = new Path2D.Double();
        path.moveTo((x[lobes - 1] + x[0]) / 2, (y[lobes - 1] + y[0]) / 2);
        for (int i = 0; i < lobes; i++) {
            int next = (i + 1) % lobes;
            path.quadTo(x[i], y[i], (x[i] + x[next]) / 2, (y[i] + y[next]) / 2);
        }
        path.closePath();
        return path;
    }
}
