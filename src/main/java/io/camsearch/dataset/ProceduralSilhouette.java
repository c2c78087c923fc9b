package io.camsearch.dataset;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * A silhouette drawn from a seed: the wide world's classes each get their own (generator version
 * 4), so that the training set holds as many outlines as classes rather than 51 shared ones. With
 * 51 outlines shared by 400 classes, two classes of one colour differed in fill or in one of a few
 * dozen outlines, and the held-out world's errors were mostly "same colour, other outline": the
 * network had seen too few shapes to learn shape in general.
 *
 * <p>Six families, equally likely: the superformula (Gielis), a radius with random harmonics,
 * a star-shaped polygon, a union of two to four primitives that all contain the centre (so the
 * union is one piece), a thick pen stroke along a smooth random path, and a harmonic outline or
 * polygon with a hole, or a bite where the hole crosses its edge. Radial outlines keep their
 * smallest radius between 0.15 and 0.7 of their largest: no spike thinner than a pixel or two at
 * the sizes drawn, and no outline so round that it is just a disc. Every outline is centred on its
 * bounding box and fitted to the unit disk's radius 0.5, as {@link ProductShape}'s are. (The 51
 * hand-drawn outlines of versions 1 and 2 are gone: 51 choices would repeat among a few hundred
 * classes.)
 */
record ProceduralSilhouette(Family family, Shape outline) {

    enum Family { SUPERFORMULA, HARMONIC, POLYGON, COMPOUND, STROKE, HOLED }

    /** The silhouette of {@code seed}; the same seed gives the same outline on any machine. */
    static ProceduralSilhouette of(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Family family = Family.values()[random.nextInt(Family.values().length)];
        Shape drawn = switch (family) {
            case SUPERFORMULA -> squashed(radial(superformula(random), 240), random);
            case HARMONIC -> squashed(radial(harmonic(random), 180), random);
            case POLYGON -> polygon(random);
            case COMPOUND -> compound(random);
            case STROKE -> stroke(random);
            case HOLED -> holed(random);
        };
        return new ProceduralSilhouette(family, ProductShape.fittedToUnitDisk(centred(drawn)));
    }

    String word() {
        return family.name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    /**
     * Gielis's r = (|cos(m t / 4) / a|^n2 + |sin(m t / 4) / b|^n3)^(-1 / n1), integer m so that it
     * closes. With a = b and large n1 it is nearly a circle for every m, and many seeds drew the
     * same rounded polygon; a and b apart and n1 at most 4 keep the lobes unequal and distinct.
     */
    private static DoubleUnaryOperator superformula(SplittableRandom random) {
        int m = 2 + random.nextInt(7);
        double a = Palette.uniform(random, 0.5f, 1f);
        double b = Palette.uniform(random, 0.5f, 1f);
        double n1 = Palette.uniform(random, 0.4f, 4f);
        double n2 = Palette.uniform(random, 0.5f, 8f);
        double n3 = Palette.uniform(random, 0.5f, 8f);
        return t -> Math.pow(Math.pow(Math.abs(Math.cos(m * t / 4) / a), n2) + Math.pow(Math.abs(Math.sin(m * t / 4) / b), n3), -1 / n1);
    }

    /** r = 1 + sum over k = 1..6 of c_k cos(k t + phase_k), c_k falling with k: lumpy, pear- and bean-like outlines. */
    private static DoubleUnaryOperator harmonic(SplittableRandom random) {
        double[] amplitude = new double[7];
        double[] phase = new double[7];
        for (int k = 1; k <= 6; k++) {
            amplitude[k] = Palette.uniform(random, 0f, 0.45f) / Math.pow(k, 0.7);
            phase[k] = random.nextDouble() * 2 * Math.PI;
        }
        return t -> {
            double r = 1;
            for (int k = 1; k <= 6; k++) {
                r += amplitude[k] * Math.cos(k * t + phase[k]);
            }
            return r;
        };
    }

    /** 3 to 10 corners at jittered angles and random radii: every ray from the centre crosses it once. */
    private static Shape polygon(SplittableRandom random) {
        int corners = 3 + random.nextInt(8);
        Path2D path = new Path2D.Double();
        double start = random.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < corners; i++) {
            double angle = start + 2 * Math.PI * (i + Palette.uniform(random, -0.3f, 0.3f)) / corners;
            double radius = Palette.uniform(random, 0.35f, 1f);
            ProductShape.lineOrMove(path, i, radius * Math.cos(angle), radius * Math.sin(angle));
        }
        path.closePath();
        return path;
    }

    /**
     * Two to four rectangles, ellipses and rounded boxes of any proportions and angle, each placed
     * so that it contains the origin: the union is connected, and reads as one object with parts.
     */
    private static Shape compound(SplittableRandom random) {
        Area union = new Area();
        int parts = 2 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            double halfLength = Palette.uniform(random, 0.2f, 0.5f);
            double halfWidth = Palette.uniform(random, 0.06f, 0.3f);
            // The centre's offset stays inside half of each half-extent, so the origin is inside the part.
            double u = Palette.uniform(random, -0.5f, 0.5f) * halfLength;
            double v = Palette.uniform(random, -0.5f, 0.5f) * halfWidth;
            Shape part = switch (random.nextInt(3)) {
                case 0 -> new Rectangle2D.Double(u - halfLength, v - halfWidth, 2 * halfLength, 2 * halfWidth);
                case 1 -> new Ellipse2D.Double(u - halfLength, v - halfWidth, 2 * halfLength, 2 * halfWidth);
                default -> new RoundRectangle2D.Double(u - halfLength, v - halfWidth, 2 * halfLength, 2 * halfWidth,
                        halfWidth, halfWidth);
            };
            union.add(new Area(AffineTransform.getRotateInstance(random.nextDouble() * Math.PI).createTransformedShape(part)));
        }
        return union;
    }

    /** A pen 0.08 to 0.2 wide (of the fitted diameter, roughly) along a smooth path through 3 to 5 random points. */
    private static Shape stroke(SplittableRandom random) {
        int points = 3 + random.nextInt(3);
        Path2D path = new Path2D.Double();
        double x = Palette.uniform(random, -0.5f, 0.5f);
        double y = Palette.uniform(random, -0.5f, 0.5f);
        path.moveTo(x, y);
        for (int i = 1; i < points; i++) {
            double nextX = Palette.uniform(random, -0.5f, 0.5f);
            double nextY = Palette.uniform(random, -0.5f, 0.5f);
            // A control point off the chord's middle bends each piece.
            double bend = Palette.uniform(random, -0.4f, 0.4f);
            path.quadTo((x + nextX) / 2 - bend * (nextY - y), (y + nextY) / 2 + bend * (nextX - x), nextX, nextY);
            x = nextX;
            y = nextY;
        }
        int cap = random.nextBoolean() ? BasicStroke.CAP_ROUND : BasicStroke.CAP_SQUARE;
        int join = random.nextBoolean() ? BasicStroke.JOIN_ROUND : BasicStroke.JOIN_MITER;
        return new Area(new BasicStroke(Palette.uniform(random, 0.08f, 0.2f), cap, join).createStrokedShape(path));
    }

    /**
     * A harmonic outline or a polygon with an ellipse or polygon cut out: near the centre a ring,
     * frame or washer; off it, where the cut crosses the edge, a moon or a bitten shape.
     */
    private static Shape holed(SplittableRandom random) {
        Area outer = new Area(random.nextBoolean() ? radial(harmonic(random), 180) : polygon(random));
        Rectangle2D bounds = outer.getBounds2D();
        double side = Math.min(bounds.getWidth(), bounds.getHeight());
        double inner = Palette.uniform(random, 0.2f, 0.45f) * side;
        double squash = Palette.uniform(random, 0.5f, 1f);
        Shape hole = random.nextBoolean()
                ? new Ellipse2D.Double(-inner / 2, -inner * squash / 2, inner, inner * squash)
                : AffineTransform.getScaleInstance(inner / 2, inner * squash / 2).createTransformedShape(polygon(random));
        double offset = random.nextBoolean() ? 0 : Palette.uniform(random, 0.15f, 0.4f) * side;
        double angle = random.nextDouble() * 2 * Math.PI;
        AffineTransform place = AffineTransform.getTranslateInstance(offset * Math.cos(angle), offset * Math.sin(angle));
        place.rotate(random.nextDouble() * Math.PI);
        outer.subtract(new Area(place.createTransformedShape(hole)));
        return outer;
    }

    /**
     * A closed outline of {@code steps} points at radius r(t), its radii mapped linearly so that
     * the largest is 1 and the smallest between 0.15 and 0.7 (a circle stays a circle).
     */
    private static Path2D radial(DoubleUnaryOperator r, int steps) {
        double[] radii = new double[steps];
        double largest = 0;
        double smallest = Double.MAX_VALUE;
        for (int i = 0; i < steps; i++) {
            radii[i] = Math.max(0, r.applyAsDouble(2 * Math.PI * i / steps));
            largest = Math.max(largest, radii[i]);
            smallest = Math.min(smallest, radii[i]);
        }
        assert largest > 0 : "a radial outline with no extent";
        double ratio = smallest / largest;
        double least = Math.min(0.7, Math.max(0.15, ratio));
        // Maps [smallest, largest] onto [least, 1].
        double stretch = ratio < 1 ? (1 - least) / (1 - ratio) : 0;
        Path2D path = new Path2D.Double();
        for (int i = 0; i < steps; i++) {
            double radius = 1 - (1 - radii[i] / largest) * stretch;
            double t = 2 * Math.PI * i / steps;
            ProductShape.lineOrMove(path, i, radius * Math.cos(t), radius * Math.sin(t));
        }
        path.closePath();
        return path;
    }

    /** {@code shape} squeezed along one axis by 0.45 to 1, half the time: elongated versions of round outlines. */
    private static Shape squashed(Shape shape, SplittableRandom random) {
        return random.nextBoolean() ? shape : AffineTransform.getScaleInstance(1, Palette.uniform(random, 0.45f, 1f)).createTransformedShape(shape);
    }

    /** {@code shape} moved so that its bounding box is centred on the origin. */
    private static Shape centred(Shape shape) {
        Rectangle2D bounds = shape.getBounds2D();
        return AffineTransform.getTranslateInstance(-bounds.getCenterX(), -bounds.getCenterY()).createTransformedShape(shape);
    }
}
