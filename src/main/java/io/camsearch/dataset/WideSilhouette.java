package io.camsearch.dataset;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.function.DoubleUnaryOperator;

/**
 * The wide training world's silhouettes: seventeen families of three variants each, 51 outlines,
 * none of them a shape of the held-out world (package {@code dataset.heldout}: arrows, chevrons,
 * letters, bow ties, keyholes, gears, bolts, clouds, waves). Thirteen families are solid areas; the
 * last four (crosses, joined discs, spirals, brackets) are drawn with a pen, so that the world
 * also holds thin products whose area is mostly outline. Each outline is fitted to the unit disk's
 * radius 0.5 around the origin, as {@link ProductShape}'s are. 51 is coprime with the 7 fills and
 * 10 hues, which {@link WideClass} relies on.
 */
enum WideSilhouette {
    POLYGON {
        @Override
        Shape drawn(int variant) {
            if (variant == 2) {
                // A house: a box under a steep roof.
                Path2D house = new Path2D.Double();
                point(house, 0, -0.35, 0.45);
                point(house, 1, 0.35, 0.45);
                point(house, 2, 0.35, -0.05);
                point(house, 3, 0, -0.5);
                point(house, 4, -0.35, -0.05);
                house.closePath();
                return house;
            }
            return radial(t -> 0.5, new int[] {5, 3}[variant]);
        }
    },
    STAR {
        @Override
        Shape drawn(int variant) {
            int points = new int[] {4, 6, 8}[variant];
            double inner = new double[] {0.2, 0.28, 0.34}[variant];
            Path2D path = new Path2D.Double();
            for (int i = 0; i < 2 * points; i++) {
                double angle = Math.PI * i / points;
                double radius = i % 2 == 0 ? 0.5 : inner;
                point(path, i, radius * Math.cos(angle), radius * Math.sin(angle));
            }
            path.closePath();
            return path;
        }
    },
    ELLIPSE {
        @Override
        Shape drawn(int variant) {
            double height = new double[] {0.5, 0.7, 0.88}[variant];
            return new Ellipse2D.Double(-0.5, -height / 2, 1, height);
        }
    },
    ROUNDED_BOX {
        @Override
        Shape drawn(int variant) {
            double height = new double[] {0.8, 0.6, 0.35}[variant];
            return new RoundRectangle2D.Double(-0.5, -height / 2, 1, height, 0.12, 0.12);
        }
    },
    SQUIRCLE {
        @Override
        Shape drawn(int variant) {
            double exponent = new double[] {4, 1, 1.4}[variant];
            double aspect = new double[] {1, 0.6, 1}[variant];
            Path2D path = new Path2D.Double();
            for (int i = 0; i < 96; i++) {
                double t = 2 * Math.PI * i / 96;
                double c = Math.cos(t);
                double s = Math.sin(t);
                point(path, i, 0.5 * Math.signum(c) * Math.pow(Math.abs(c), 2 / exponent),
                        0.5 * aspect * Math.signum(s) * Math.pow(Math.abs(s), 2 / exponent));
            }
            path.closePath();
            return path;
        }
    },
    BLOB {
        @Override
        Shape drawn(int variant) {
            double[][] harmonics = {{2, 0.12, 0.3, 3, 0.08, 1.1}, {3, 0.1, 0.9, 5, 0.05, 2.0}, {2, 0.18, 1.7, 4, 0.07, 0.4}};
            double[] h = harmonics[variant];
            return radial(t -> 0.4 * (1 + h[1] * Math.cos(h[0] * t + h[2]) + h[4] * Math.cos(h[3] * t + h[5])), 120);
        }
    },
    ROSETTE {
        @Override
        Shape drawn(int variant) {
            int petals = new int[] {3, 5, 6}[variant];
            return radial(t -> 0.34 + 0.16 * Math.cos(petals * t), 180);
        }
    },
    ANNULUS {
        @Override
        Shape drawn(int variant) {
            if (variant == 2) {
                Area frame = new Area(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
                frame.subtract(new Area(new Rectangle2D.Double(-0.3, -0.3, 0.6, 0.6)));
                return frame;
            }
            double hole = variant == 0 ? 0.3 : 0.18;
            Area ring = new Area(new Ellipse2D.Double(-0.5, -0.5, 1, 1));
            ring.subtract(new Area(new Ellipse2D.Double(-hole, -hole, 2 * hole, 2 * hole)));
            return ring;
        }
    },
    MOON {
        @Override
        Shape drawn(int variant) {
            double offset = new double[] {0.22, 0.32, 0.4}[variant];
            Area moon = new Area(new Ellipse2D.Double(-0.5, -0.5, 1, 1));
            moon.subtract(new Area(new Ellipse2D.Double(-0.5 + offset, -0.5 - offset / 3, 1, 1)));
            return moon;
        }
    },
    PILL {
        @Override
        Shape drawn(int variant) {
            double height = new double[] {0.2, 0.3, 0.4}[variant];
            return new RoundRectangle2D.Double(-0.5, -height / 2, 1, height, height, height);
        }
    },
    SECTOR {
        @Override
        Shape drawn(int variant) {
            double extent = new double[] {300, 230, 180}[variant];
            return new Arc2D.Double(-0.5, -0.5, 1, 1, (360 - extent) / 2, extent, Arc2D.PIE);
        }
    },
    TEARDROP {
        @Override
        Shape drawn(int variant) {
            double sharpness = new double[] {1, 2, 3.5}[variant];
            return radial(t -> 0.22 + 0.28 * Math.pow((1 + Math.cos(t)) / 2, sharpness), 120);
        }
    },
    QUADRILATERAL {
        @Override
        Shape drawn(int variant) {
            double[][] corners = {
                {-0.5, 0.3, 0.5, 0.3, 0.25, -0.3, -0.25, -0.3},
                {-0.5, 0.25, 0.2, 0.25, 0.5, -0.25, -0.2, -0.25},
                {-0.15, -0.5, 0.45, 0.0, 0.15, 0.5, -0.45, 0.1}};
            double[] c = corners[variant];
            Path2D path = new Path2D.Double();
            for (int i = 0; i < 4; i++) {
                point(path, i, c[2 * i], c[2 * i + 1]);
            }
            path.closePath();
            return path;
        }
    },
    CROSS {
        @Override
        Shape drawn(int variant) {
            Path2D arms = new Path2D.Double();
            switch (variant) {
                case 0 -> { // a plus of equal arms
                    arms.moveTo(-0.5, 0);
                    arms.lineTo(0.5, 0);
                    arms.moveTo(0, -0.5);
                    arms.lineTo(0, 0.5);
                }
                case 1 -> { // a cross with a long foot
                    arms.moveTo(-0.3, -0.2);
                    arms.lineTo(0.3, -0.2);
                    arms.moveTo(0, -0.5);
                    arms.lineTo(0, 0.5);
                }
                default -> { // three arms at 120 degrees
                    for (int i = 0; i < 3; i++) {
                        double angle = 2 * Math.PI * i / 3;
                        arms.moveTo(0, 0);
                        arms.lineTo(0.5 * Math.cos(angle), 0.5 * Math.sin(angle));
                    }
                }
            }
            return pen(arms, new double[] {0.16, 0.2, 0.18}[variant]);
        }
    },
    JOINED_DISCS {
        @Override
        Shape drawn(int variant) {
            double[] discs = new double[][] {{-0.3, 0.2, 0.3, 0.2}, {-0.26, 0.24, 0.36, 0.13}, {-0.36, 0.14, 0, 0.14, 0.36, 0.14}}[variant];
            Area shape = new Area(pen(new Line2D.Double(discs[0], 0, discs[discs.length - 2], 0), 0.1));
            for (int i = 0; i < discs.length; i += 2) {
                double r = discs[i + 1];
                shape.add(new Area(new Ellipse2D.Double(discs[i] - r, -r, 2 * r, 2 * r)));
            }
            return shape;
        }
    },
    SPIRAL {
        @Override
        Shape drawn(int variant) {
            double turns = new double[] {1.0, 1.5, 2.2}[variant];
            Path2D spiral = new Path2D.Double();
            for (int i = 0; i <= 96; i++) {
                double t = (double) i / 96;
                double angle = 2 * Math.PI * turns * t;
                double radius = 0.08 + 0.34 * t;
                point(spiral, i, radius * Math.cos(angle), radius * Math.sin(angle));
            }
            return pen(spiral, new double[] {0.14, 0.11, 0.08}[variant]);
        }
    },
    BRACKET {
        @Override
        Shape drawn(int variant) {
            Path2D path = new Path2D.Double();
            switch (variant) {
                case 0 -> { // a square U
                    path.moveTo(-0.3, -0.35);
                    path.lineTo(-0.3, 0.3);
                    path.lineTo(0.3, 0.3);
                    path.lineTo(0.3, -0.35);
                }
                case 1 -> { // a horseshoe: two thirds of a circle
                    return pen(new Arc2D.Double(-0.38, -0.38, 0.76, 0.76, -30, 240, Arc2D.OPEN), 0.14);
                }
                default -> { // a rake: a bar and five short teeth
                    path.moveTo(-0.45, -0.15);
                    path.lineTo(0.45, -0.15);
                    for (double x : new double[] {-0.4, -0.2, 0, 0.2, 0.4}) {
                        path.moveTo(x, -0.15);
                        path.lineTo(x, 0.2);
                    }
                    return pen(path, 0.1);
                }
            }
            return pen(path, 0.14);
        }
    };

    static final int VARIANTS = 3;
    static final int COUNT = values().length * VARIANTS;

    /** The outline before fitting, roughly in the unit disk. */
    abstract Shape drawn(int variant);

    /** Silhouette {@code index} of {@link #COUNT}: family {@code index / 3}, variant {@code index mod 3}, fitted to radius 0.5. */
    static Shape outline(int index) {
        return ProductShape.fittedToUnitDisk(values()[index / VARIANTS].drawn(index % VARIANTS));
    }

    /** A closed outline of {@code steps} points at radius {@code r(angle)}. */
    private static Path2D radial(DoubleUnaryOperator r, int steps) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < steps; i++) {
            double t = 2 * Math.PI * i / steps - Math.PI / 2;
            double radius = r.applyAsDouble(t + Math.PI / 2);
            point(path, i, radius * Math.cos(t), radius * Math.sin(t));
        }
        path.closePath();
        return path;
    }

    /** The area a square-ended pen of {@code width} covers along {@code path}. */
    private static Shape pen(Shape path, double width) {
        return new Area(new BasicStroke((float) width, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER).createStrokedShape(path));
    }

    private static void point(Path2D path, int index, double x, double y) {
        ProductShape.lineOrMove(path, index, x, y);
    }
}
