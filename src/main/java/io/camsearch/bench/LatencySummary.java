package io.camsearch.bench;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests of one client kind in one phase: how many, their latency percentiles and how they ended.
 * Every request counts in the percentiles whatever its outcome, a timed-out one with the time it
 * was waited on: a load that makes requests fail fast or stall must show in the latencies too.
 */
record LatencySummary(int requests, double p50Millis, double p99Millis, double maxMillis, Map<Outcome, Integer> outcomes) {

    /** One request: its latency from sending to the whole response (or to giving up), and how it ended. */
    record Sample(double millis, Outcome outcome) {}

    LatencySummary {
        outcomes = Map.copyOf(outcomes);
        assert outcomes.values().stream().mapToInt(Integer::intValue).sum() == requests : "every request has one outcome";
    }

    static LatencySummary of(Collection<Sample> samples) {
        double[] sorted = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, 0);
        }
        samples.forEach(s -> outcomes.merge(s.outcome(), 1, Integer::sum));
        if (sorted.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, outcomes);
        }
        return new LatencySummary(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 99), sorted[sorted.length - 1], outcomes);
    }

    /** The p-th percentile of ascending values by nearest rank: the smallest value with at least p% of the values at or below it. */
    static double nearestRank(double[] sorted, double p) {
        assert sorted.length > 0 : "a percentile of no values";
        assert p > 0 && p <= 100 : "a percentile in (0, 100], got " + p;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The table's columns: requests, p50, p99, max (ms, one decimal) and a count per outcome. */
    Map<String, Object> columns() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("requests", requests);
        row.put("p50Ms", round(p50Millis));
        row.put("p99Ms", round(p99Millis));
        row.put("maxMs", round(maxMillis));
        for (Outcome outcome : Outcome.values()) {
            row.put(outcome.column(), outcomes.get(outcome));
        }
        return row;
    }

    /** This summary's p50 and p99 over a baseline's (with load / without), to two decimals; NaN when either has no requests. */
    Map<String, Object> ratioTo(LatencySummary baseline) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("p50WithOverWithout", ratio(p50Millis, baseline.p50Millis));
        row.put("p99WithOverWithout", ratio(p99Millis, baseline.p99Millis));
        return row;
    }

    private static double ratio(double with, double without) {
        double ratio = with / without;
        return Double.isFinite(ratio) ? Math.round(ratio * 100) / 100.0 : Double.NaN;
    }

    private static double round(double millis) {
        return Double.isNaN(millis) ? millis : Math.round(millis * 10) / 10.0;
    }
}
