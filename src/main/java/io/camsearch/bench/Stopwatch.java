package io.camsearch.bench;

import java.util.Arrays;

/** Wall-clock samples of one measured action, summarized by their median (robust to a noisy shared machine). */
final class Stopwatch {

    private final String name;
    private final double[] millis;
    private int count;

    Stopwatch(String name, int capacity) {
        this.name = name;
        this.millis = new double[capacity];
    }

    /** @return the milliseconds it took */
    double time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        double took = (System.nanoTime() - start) / 1e6;
        millis[count++] = took;
        return took;
    }

    /** A duration measured elsewhere (e.g. a part of the timed action that reports its own time). */
    void record(double millis) {
        this.millis[count++] = millis;
    }

    String name() {
        return name;
    }

    double median() {
        double[] sorted = Arrays.copyOf(millis, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }

    /** The p-th percentile (nearest rank), e.g. 50 or 99. */
    double percentile(double p) {
        double[] sorted = Arrays.copyOf(millis, count);
        Arrays.sort(sorted);
        return LatencySummary.nearestRank(sorted, p);
    }
}
