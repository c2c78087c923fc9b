package io.camsearch.eval;

import java.util.Arrays;

/**
 * Points {@code (x_i, y_i)} of a measured curve, x non-decreasing, every value finite: what
 * {@link LocalizationAccuracy#curve}, {@link DeletionCurve#measure} and {@link LinePlot} pass
 * around. Immutable; the arrays are copied in and out.
 */
public final class Curve {

    private final double[] xs;
    private final double[] ys;

    /**
     * @throws IllegalArgumentException when the arrays are empty or of different lengths, a value
     *     is NaN or infinite, or x decreases somewhere
     */
    public Curve(double[] xs, double[] ys) {
        if (xs.length == 0 || xs.length != ys.length) {
            throw new IllegalArgumentException(
                    "a curve needs as many x as y values, at least one, got " + xs.length + " and " + ys.length);
        }
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite: (" + xs[i] + ", " + ys[i] + ")");
            }
            if (i > 0 && xs[i] < xs[i - 1]) {
                throw new IllegalArgumentException("x decreases at point " + i + ": " + xs[i - 1] + " then " + xs[i]);
            }
        }
        this.xs = xs.clone();
        this.ys = ys.clone();
    }

    public int size() {
        return xs.length;
    }

    public double x(int i) {
        return xs[i];
    }

    public double y(int i) {
        return ys[i];
    }

    /** @return a copy of the x values */
    public double[] xs() {
        return xs.clone();
    }

    /** @return a copy of the y values */
    public double[] ys() {
        return ys.clone();
    }

    /**
     * The area under the curve by the trapezoid rule, {@code sum_i (x_{i+1} - x_i) (y_i + y_{i+1}) / 2}:
     * exact for the piecewise-linear curve through the points. A single point has area 0.
     */
    public double area() {
        double area = 0;
        for (int i = 1; i < xs.length; i++) {
            area += (xs[i] - xs[i - 1]) * (ys[i - 1] + ys[i]) / 2;
        }
        return area;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Curve curve && Arrays.equals(curve.xs, xs) && Arrays.equals(curve.ys, ys);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
    }

    @Override
    public String toString() {
        return "Curve[xs=" + Arrays.toString(xs) + ", ys=" + Arrays.toString(ys) + "]";
    }
}
