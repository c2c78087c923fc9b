package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlotAxisTest {

    @Test
    void thresholdsFrom5To40PercentGetTicksEveryTenth() {
        // (0.40 - 0.05) / 5 = 0.07, rounded up to the nice step 0.1
        PlotAxis axis = PlotAxis.spanning(0.05, 0.40);

        assertEquals(List.of("0.0", "0.1", "0.2", "0.3", "0.4"), labels(axis));
    }

    @Test
    void theUnitIntervalGetsTicksEveryFifth() {
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(PlotAxis.spanning(0, 1)));
    }

    @Test
    void roundingInTheDivisionDoesNotAddATick() {
        // 0.3 / 0.1 is 2.9999999999999996 in doubles
        assertEquals(List.of("0.3", "0.4", "0.5", "0.6", "0.7", "0.8"), labels(PlotAxis.spanning(0.3, 0.8)));
    }

    @Test
    void aLossFallingFromTwoGetsHalfSteps() {
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "2.0", "2.5"), labels(PlotAxis.spanning(0.0123, 2.31)));
    }

    @Test
    void smallStepsGetMoreDecimalsAndLargeOnesNone() {
        assertEquals(List.of("0.00", "0.05", "0.10", "0.15", "0.20", "0.25"), labels(PlotAxis.spanning(0, 0.25)));
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), labels(PlotAxis.spanning(3, 97)));
    }

    @Test
    void aSingleValueIsPaddedByATenth() {
        // [2.7, 3.3]: step 0.2 around it
        PlotAxis axis = PlotAxis.spanning(3, 3);

        assertEquals(List.of("2.6", "2.8", "3.0", "3.2", "3.4"), labels(axis));
        assertEquals(0.5, axis.fraction(3), 1e-12);
        assertEquals(List.of("-1.0", "-0.5", "0.0", "0.5", "1.0"), labels(PlotAxis.spanning(0, 0)));
    }

    private static List<String> labels(PlotAxis axis) {
        return axis.ticks().stream().map(axis::label).toList();
    }
}
