package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeanStdTest {

    @Test
    void sampleStdDividesByNMinusOne() {
        // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3 under the root
        MeanStd summary = MeanStd.of(1, 2, 3, 4);

        assertEquals(2.5, summary.mean(), 0);
        assertEquals(Math.sqrt(5.0 / 3), summary.std(), 1e-15);
        assertEquals(4, summary.count());
    }

    @Test
    void formatsMeanPlusMinusStdWithThreeDecimals() {
        // mean 0.812; deviations -0.013, 0, 0.013: std = sqrt(2 * 0.013^2 / 2) = 0.013
        MeanStd summary = MeanStd.of(List.of(0.799, 0.812, 0.825));

        assertEquals("0.812 +- 0.013", summary.format());
        assertEquals("0.8 +- 0.0", summary.format(1));
    }

    @Test
    void aSingleValueHasNoSpreadAndPrintsAlone() {
        MeanStd summary = MeanStd.of(0.5);

        assertTrue(Double.isNaN(summary.std()));
        assertEquals("0.500", summary.format());
        assertEquals(Map.of("mean", 0.5, "n", 1), summary.asMap());
    }

    @Test
    void theMapHoldsMeanStdAndCount() {
        assertEquals(Map.of("mean", 2.0, "std", 1.0, "n", 3), MeanStd.of(1, 2, 3).asMap());
    }

    @Test
    void aLargeOffsetDoesNotEatTheSpread() {
        MeanStd summary = MeanStd.of(1e9 + 1, 1e9 + 2, 1e9 + 3);

        assertEquals(1.0, summary.std(), 1e-9);
    }

    @Test
    void nothingOrNonFiniteValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, MeanStd::of);
        assertThrows(IllegalArgumentException.class, () -> MeanStd.of(0.3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new MeanStd(0, 0, 0));
    }
}
