package io.camsearch.dataset.heldout;

/**
 * The held-out world's silhouettes, none of which the training generator draws: letter-like
 * glyphs, arrows, gears, clouds and bolts. Each is an inside test in the object's own frame
 * ({@code u} right, {@code v} down, the glyph within about the unit disk), rasterized by
 * supersampling in {@link Layer}, not drawn with Java2D paths as the training world's are.
 */
enum Glyph {
    ARROW {
        @Override
        boolean contains(double u, double v) {
            boolean shaft = u > -0.9 && u < 0.15 && Math.abs(v) < 0.17;
            boolean head = u >= 0.15 && u < 0.9 && Math.abs(v) < (0.9 - u) * 0.85;
            return shaft || head;
        }
    },
    CHEVRON {
        @Override
        boolean contains(double u, double v) {
            return Math.abs(u) < 0.85 && Math.abs(v - (0.9 * Math.abs(u) - 0.35)) < 0.22;
        }
    },
    LETTER_L {
        @Override
        boolean contains(double u, double v) {
            return inRect(u, v, -0.65, -0.8, -0.25, 0.8) || inRect(u, v, -0.65, 0.4, 0.65, 0.8);
        }
    },
    LETTER_T {
        @Override
        boolean contains(double u, double v) {
            return inRect(u, v, -0.75, -0.8, 0.75, -0.42) || inRect(u, v, -0.19, -0.8, 0.19, 0.8);
        }
    },
    LETTER_E {
        @Override
        boolean contains(double u, double v) {
            return inRect(u, v, -0.6, -0.8, -0.25, 0.8) || inRect(u, v, -0.6, -0.8, 0.6, -0.5)
                    || inRect(u, v, -0.6, -0.15, 0.4, 0.15) || inRect(u, v, -0.6, 0.5, 0.6, 0.8);
        }
    },
    BOWTIE {
        @Override
        boolean contains(double u, double v) {
            return Math.abs(u) < 0.85 && Math.abs(v) < 0.8 && Math.abs(v) <= Math.abs(u) * 1.05 + 0.06;
        }
    },
    KEYHOLE {
        @Override
        boolean contains(double u, double v) {
            boolean head = u * u + (v + 0.35) * (v + 0.35) < 0.42 * 0.42;
            boolean foot = v > -0.2 && v < 0.85 && Math.abs(u) < 0.14 + 0.26 * (v + 0.2);
            return head || foot;
        }
    },
    GEAR {
        @Override
        boolean contains(double u, double v) {
            double r = Math.hypot(u, v);
            double tooth = Math.cos(8 * Math.atan2(v, u)) > 0.1 ? 0.2 : 0;
            return r > 0.22 && r < 0.62 + tooth;
        }
    },
    BOLT {
        private static final double[] XS = {0.1, -0.55, -0.05, -0.35, 0.6, 0.08, 0.45};
        private static final double[] YS = {-0.9, 0.05, 0.05, 0.9, -0.2, -0.2, -0.9};

        @Override
        boolean contains(double u, double v) {
            return inPolygon(u, v, XS, YS);
        }
    },
    CLOUD {
        @Override
        boolean contains(double u, double v) {
            return inDisk(u, v, -0.45, 0.15, 0.38) || inDisk(u, v, 0.0, -0.15, 0.5)
                    || inDisk(u, v, 0.45, 0.12, 0.38) || inRect(u, v, -0.45, 0.1, 0.45, 0.53);
        }
    },
    WAVE {
        @Override
        boolean contains(double u, double v) {
            return Math.abs(u) < 0.88 && Math.abs(v - 0.45 * Math.sin(3.4 * u)) < 0.2;
        }
    };

    /** Whether the point {@code (u, v)} of the glyph's frame is inside it. */
    abstract boolean contains(double u, double v);

    private static boolean inRect(double u, double v, double left, double top, double right, double bottom) {
        return u >= left && u < right && v >= top && v < bottom;
    }

    private static boolean inDisk(double u, double v, double cu, double cv, double r) {
        return (u - cu) * (u - cu) + (v - cv) * (v - cv) < r * r;
    }

    /** Even-odd rule by a ray towards +u. */
    private static boolean inPolygon(double u, double v, double[] xs, double[] ys) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > v) != (ys[j] > v) && u < xs[j] + (v - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j])) {
                inside = !inside;
            }
        }
        return inside;
    }
}
