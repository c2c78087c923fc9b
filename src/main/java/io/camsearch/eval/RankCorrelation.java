package io.camsearch.eval;

/**
 * Spearman's rank correlation, for the model-randomization sanity check: the heatmap of a
 * trained network against that of the same network with random weights, cell by cell. A
 * heatmap that still correlates strongly after randomization does not depend on what the
 * network learned.
 */
public final class RankCorrelation {

    private RankCorrelation() {}

    /**
     * The Pearson correlation of the two arrays' ranks, with tied values sharing the average of
     * the ranks they span (so the ranks of {@code 5, 7, 7} are {@code 1, 2.5, 2.5}).
     *
     * @return a value in [-1, 1]; NaN when either array is constant, as a constant has no ranking
     *     to correlate (a heatmap that is all zeros after the ReLU, say)
     * @throws IllegalArgumentException when the lengths differ, there are fewer than two values
     *     or one is NaN or infinite
     */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("arrays of different lengths: " + a.length + " and " + b.length);
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("a correlation needs at least two values, got " + a.length);
        }
        return pearson(averageRanks(a), averageRanks(b));
    }

    /** The 1-based ranks of {@code values} in ascending order, ties (0 and -0 among them) sharing their average rank. */
    static double[] averageRanks(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
            }
        }
        int[] order = ValueOrder.ascending(values);
        double[] ranks = new double[values.length];
        int runStart = 0;
        while (runStart < order.length) {
            int runEnd = runStart + 1;
            while (runEnd < order.length && values[order[runEnd]] == values[order[runStart]]) {
                runEnd++;
            }
            // Positions runStart .. runEnd - 1 hold ranks runStart + 1 .. runEnd; their mean:
            double sharedRank = (runStart + 1 + runEnd) / 2.0;
            for (int position = runStart; position < runEnd; position++) {
                ranks[order[position]] = sharedRank;
            }
            runStart = runEnd;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < x.length; i++) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= x.length;
        meanY /= y.length;
        double covariance = 0;
        double varianceX = 0;
        double varianceY = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            covariance += dx * dy;
            varianceX += dx * dx;
            varianceY += dy * dy;
        }
        if (varianceX == 0 || varianceY == 0) {
            return Double.NaN;
        }
        return covariance / Math.sqrt(varianceX * varianceY);
    }
}
