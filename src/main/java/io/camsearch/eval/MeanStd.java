package io.camsearch.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mean and the sample standard deviation {@code sqrt(sum (v - mean)^2 / (n - 1))} of a
 * metric over seeds or images. One value has no measured spread: its {@code std} is NaN and
 * {@link #format} prints the mean alone.
 *
 * @param count how many values were summarized, at least 1
 */
public record MeanStd(double mean, double std, int count) {

    /** The default number of decimals, as in the paper's tables. */
    public static final int DECIMALS = 3;

    /** @throws IllegalArgumentException when {@code count} is below 1 */
    public MeanStd {
        if (count < 1) {
            throw new IllegalArgumentException("a summary covers at least one value, got count " + count);
        }
    }

    /**
     * @throws IllegalArgumentException when there are no values or one is NaN or infinite (a NaN,
     *     say from an undefined correlation, must be dealt with before averaging, not hidden in it)
     */
    public static MeanStd of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarize");
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
            }
            sum += values[i];
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new MeanStd(mean, Double.NaN, 1);
        }
        // Two passes: summing squared deviations from the mean keeps the precision that
        // sum(v^2) - n mean^2 loses when the spread is small against the mean.
        double squaredDeviations = 0;
        for (double v : values) {
            squaredDeviations += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(squaredDeviations / (values.length - 1)), values.length);
    }

    public static MeanStd of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Like {@code "0.812 +- 0.013"}, or {@code "0.812"} for a single value; {@link Locale#ROOT} digits. */
    public String format(int decimals) {
        String number = "%." + decimals + "f";
        return count == 1
                ? String.format(Locale.ROOT, number, mean)
                : String.format(Locale.ROOT, number + " +- " + number, mean, std);
    }

    /** {@link #format} with {@link #DECIMALS}. */
    public String format() {
        return format(DECIMALS);
    }

    /** {@code {"mean": .., "std": .., "n": ..}} for JSON; {@code std} is left out for a single value, as JSON has no NaN. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("mean", mean);
        if (count > 1) {
            map.put("std", std);
        }
        map.put("n", count);
        return map;
    }
}
