package io.camsearch.dataset;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.Locale;

/**
 * The silhouettes of product classes. Each outline is centred on the origin and scaled so that its
 * farthest point lies exactly on the circle of radius 0.5: an outline scaled by {@code d} then
 * fits the disk of diameter {@code d} at any rotation, which is what lets the generator keep
 * distractors off the product by comparing disks alone.
 */
public enum ProductShape {
    CIRCLE(new Ellipse2D.Double(-0.5, -0.5, 1, 1)),
    SQUARE(polygon(4, 0.5, Math.PI / 4)),
    TRIANGLE(polygon(3, 0.5, -Math.PI / 2)),
    // Inner radius 0.23 keeps the tips about 55 degrees wide, so they survive antialiasing at small sizes.
    STAR(star(5, 0.5, 0.23)),
    HEXAGON(polygon(6, 0.5, 0)),
    CROSS(cross(0.15, 0.45)),
    HEART(heart()),
    DIAMOND(diamond(0.32, 0.5)),
    RING(ring(0.5, 0.28)),
    // The cut-out circle meets the outline at about 37 degrees: horns, not hairlines.
    CRESCENT(crescent(0.5, 0.4, 0.3));

    private final Shape outline;

    ProductShape(Shape drawn) {
        this.outline = fittedToUnitDisk(drawn);
    }

    /** The outline in the unit frame (centre at the origin, farthest point at radius 0.5). */
    Shape outline() {
        return outline;
    }

    /** The word used in class names. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code shape} scaled about the origin so that its farthest point lies at radius 0.5. */
    static Shape fittedToUnitDisk(Shape shape) {
        double farthest = 0;
        double[] point = new double[6];
        for (PathIterator it = shape.getPathIterator(null, 1e-4); !it.isDone(); it.next()) {
            if (it.currentSegment(point) != PathIterator.SEG_CLOSE) {
                farthest = Math.max(farthest, Math.hypot(point[0], point[1]));
            }
        }
        return AffineTransform.getScaleInstance(0.5 / farthest, 0.5 / farthest).createTransformedShape(shape);
    }

    private static Path2D polygon(int corners, double radius, double firstAngle) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < corners; i++) {
            double angle = firstAngle + 2 * Math.PI * i / corners;
            lineOrMove(path, i, radius * Math.cos(angle), radius * Math.sin(angle));
        }
        path.closePath();
        return path;
    }

    private static Path2D star(int points, double outer, double inner) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < 2 * points; i++) {
            double angle = -Math.PI / 2 + Math.PI * i / points;
            double radius = i % 2 == 0 ? outer : inner;
            lineOrMove(path, i, radius * Math.cos(angle), radius * Math.sin(angle));
        }
        path.closePath();
        return path;
    }

    static void lineOrMove(Path2D path, int index, double x, double y) {
        if (index == 0) {
            path.moveTo(x, y);
        } else {
            path.lineTo(x, y);
        }
    }

    private static Path2D cross(double halfArm, double reach) {
        double[][] corners = {
            {-halfArm, -reach}, {halfArm, -reach}, {halfArm, -halfArm}, {reach, -halfArm},
            {reach, halfArm}, {halfArm, halfArm}, {halfArm, reach}, {-halfArm, reach},
            {-halfArm, halfArm}, {-reach, halfArm}, {-reach, -halfArm}, {-halfArm, -halfArm}};
        Path2D path = new Path2D.Double();
        for (int i = 0; i < corners.length; i++) {
            lineOrMove(path, i, corners[i][0], corners[i][1]);
        }
        path.closePath();
        return path;
    }

    private static Path2D diamond(double halfWidth, double halfHeight) {
        Path2D path = new Path2D.Double();
        path.moveTo(0, -halfHeight);
        path.lineTo(halfWidth, 0);
        path.lineTo(0, halfHeight);
        path.lineTo(-halfWidth, 0);
        path.closePath();
        return path;
    }

    private static Path2D heart() {
        Path2D path = new Path2D.Double();
        path.moveTo(0, 0.44);
        path.curveTo(-0.10, 0.34, -0.47, 0.12, -0.47, -0.14);
        path.curveTo(-0.47, -0.34, -0.30, -0.44, -0.20, -0.44);
        path.curveTo(-0.08, -0.44, 0, -0.36, 0, -0.26);
        path.curveTo(0, -0.36, 0.08, -0.44, 0.20, -0.44);
        path.curveTo(0.30, -0.44, 0.47, -0.34, 0.47, -0.14);
        path.curveTo(0.47, 0.12, 0.10, 0.34, 0, 0.44);
        path.closePath();
        return path;
    }

    private static Area ring(double outer, double inner) {
        Area ring = new Area(new Ellipse2D.Double(-outer, -outer, 2 * outer, 2 * outer));
        ring.subtract(new Area(new Ellipse2D.Double(-inner, -inner, 2 * inner, 2 * inner)));
        return ring;
    }

    private static Area crescent(double outer, double cut, double offset) {
        Area crescent = new Area(new Ellipse2D.Double(-outer, -outer, 2 * outer, 2 * outer));
        crescent.subtract(new Area(new Ellipse2D.Double(offset - cut, -cut, 2 * cut, 2 * cut)));
        return crescent;
    }
}
