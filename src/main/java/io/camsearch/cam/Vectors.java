package io.camsearch.cam;

/** Small vector helpers shared by proxies and search scores. */
public final class Vectors {

    private Vectors() {}

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** v / |v|; the zero vector has no direction and is rejected. */
    public static float[] normalized(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm == 0 || !Double.isFinite(norm)) {
            throw new IllegalArgumentException("cannot normalize a vector of norm " + norm);
        }
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        assert Math.abs(dot(unit, unit) - 1) < 1e-3 : "a normalized vector of " + v.length + " values has squared norm " + dot(unit, unit);
        return unit;
    }
}
