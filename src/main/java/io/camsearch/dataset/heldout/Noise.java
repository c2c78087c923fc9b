package io.camsearch.dataset.heldout;

/** Smooth value noise from an integer hash: the held-out world's grain, speckle and natural-looking fields. */
final class Noise {

    private Noise() {
    }

    /** A value in [0, 1) fixed by the lattice point and the salt. */
    static double lattice(long x, long y, long salt) {
        long h = salt * 0x632BE59BD9B4E019L + x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 32)) * 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Lattice values blended with a smoothstep between the four corners: continuous, in [0, 1). */
    static double smooth(double x, double y, long salt) {
        long x0 = (long) Math.floor(x);
        long y0 = (long) Math.floor(y);
        double fx = ease(x - x0);
        double fy = ease(y - y0);
        double top = lerp(lattice(x0, y0, salt), lattice(x0 + 1, y0, salt), fx);
        double bottom = lerp(lattice(x0, y0 + 1, salt), lattice(x0 + 1, y0 + 1, salt), fx);
        return lerp(top, bottom, fy);
    }

    /** Three octaves of {@link #smooth}, each half the weight and twice the frequency: in [0, 1). */
    static double fractal(double x, double y, long salt) {
        return (4 * smooth(x, y, salt) + 2 * smooth(2 * x, 2 * y, salt + 1) + smooth(4 * x, 4 * y, salt + 2)) / 7;
    }

    static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double ease(double t) {
        return t * t * (3 - 2 * t);
    }
}
