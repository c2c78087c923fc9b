package io.camsearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.bench.LatencySummary.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfAHundredLatencies() {
        // 1..100 ms, shuffled: p50 is the 50th smallest, p99 the 99th, max the 100th.
        List<Sample> samples = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            samples.add(new Sample(i, Outcome.OK));
        }

        LatencySummary summary = LatencySummary.of(samples);

        assertEquals(100, summary.requests());
        assertEquals(50, summary.p50Millis());
        assertEquals(99, summary.p99Millis());
        assertEquals(100, summary.maxMillis());
    }

    @Test
    void fewSamplesRoundTheRankUp() {
        // 7 values: p50 rank ceil(3.5) = 4 -> 40; p99 rank ceil(6.93) = 7 -> 700, the maximum.
        LatencySummary summary = LatencySummary.of(List.of(new Sample(700, Outcome.TIMEOUT), new Sample(10, Outcome.OK),
                new Sample(30, Outcome.OK), new Sample(20, Outcome.OK), new Sample(50, Outcome.UNAVAILABLE),
                new Sample(40, Outcome.CLIENT_ERROR), new Sample(60, Outcome.ERROR)));

        assertEquals(40, summary.p50Millis());
        assertEquals(700, summary.p99Millis());
        assertEquals(700, summary.maxMillis());
    }

    @Test
    void countsEachOutcomeAndKeepsTimeoutsInTheLatencies() {
        LatencySummary summary = LatencySummary.of(List.of(new Sample(5, Outcome.of(200)), new Sample(6, Outcome.of(200)),
                new Sample(7, Outcome.of(400)), new Sample(8, Outcome.of(503)), new Sample(9, Outcome.of(500)),
                new Sample(60_000, Outcome.TIMEOUT)));

        Map<String, Object> columns = summary.columns();

        assertEquals(6, columns.get("requests"));
        assertEquals(7.0, columns.get("p50Ms"));
        assertEquals(60000.0, columns.get("maxMs"));
        assertEquals(2, columns.get("200"));
        assertEquals(1, columns.get("4xx"));
        assertEquals(1, columns.get("503"));
        assertEquals(1, columns.get("otherStatus"));
        assertEquals(0, columns.get("errors"));
        assertEquals(1, columns.get("timeouts"));
    }

    @Test
    void ratioOfPercentilesWithLoadOverWithout() {
        // without: p50 20, p99 40 (two requests: ranks 1 and 2); with: p50 30, p99 100 -> 1.5 and 2.5
        LatencySummary without = LatencySummary.of(List.of(new Sample(20, Outcome.OK), new Sample(40, Outcome.OK)));
        LatencySummary with = LatencySummary.of(List.of(new Sample(30, Outcome.OK), new Sample(100, Outcome.OK)));

        assertEquals(Map.of("p50WithOverWithout", 1.5, "p99WithOverWithout", 2.5), with.ratioTo(without));
    }

    @Test
    void noRequestsHaveNoPercentilesAndNoRatio() {
        LatencySummary none = LatencySummary.of(List.of());
        LatencySummary some = LatencySummary.of(List.of(new Sample(20, Outcome.OK)));

        assertEquals(0, none.requests());
        assertTrue(Double.isNaN(none.p50Millis()));
        assertTrue(Double.isNaN((double) none.ratioTo(some).get("p99WithOverWithout")));
        assertEquals(0, none.columns().get("200"));
    }
}
