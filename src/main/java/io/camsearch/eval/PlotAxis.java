package io.camsearch.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plot axis from {@code firstTick * step} to {@code lastTick * step} with a tick at every
 * multiple of {@code step} between: a "nice" step of 1, 2 or 5 times a power of ten, chosen for
 * about five intervals over the data.
 */
record PlotAxis(long firstTick, long lastTick, double step) {

    private static final int INTERVALS = 5;

    /** Absorbs rounding in {@code value / step} so that 0.3 / 0.1 still lands on tick 3. */
    private static final double SLACK = 1e-9;

    /** An axis covering {@code [min, max]}; a single value is padded by a tenth of itself (or by 1 around 0). */
    static PlotAxis spanning(double min, double max) {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("an axis needs finite min <= max, got " + min + ", " + max);
        }
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) / 10;
            min -= pad;
            max += pad;
        }
        double rough = (max - min) / INTERVALS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double residual = rough / magnitude;
        double step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
        return new PlotAxis((long) Math.floor(min / step + SLACK), (long) Math.ceil(max / step - SLACK), step);
    }

    double low() {
        return firstTick * step;
    }

    double high() {
        return lastTick * step;
    }

    /** Where {@code value} falls between {@link #low()} (0) and {@link #high()} (1). */
    double fraction(double value) {
        return (value - low()) / (high() - low());
    }

    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        for (long tick = firstTick; tick <= lastTick; tick++) {
            ticks.add(tick * step);
        }
        return ticks;
    }

    /** A tick value with just enough decimals to tell neighbouring ticks apart. */
    String label(double value) {
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + SLACK));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
