package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {

    @Test
    void aPerfectlyMonotoneRelationCorrelatesOne() {
        float[] a = {0.1f, 0.5f, 0.2f, 0.9f, -3f};
        float[] cubedAndShifted = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            cubedAndShifted[i] = a[i] * a[i] * a[i] + 5;
        }

        assertEquals(1, RankCorrelation.spearman(a, cubedAndShifted), 0);
    }

    @Test
    void aReversedOrderCorrelatesMinusOne() {
        assertEquals(-1, RankCorrelation.spearman(new float[] {1, 2, 3, 4, 5}, new float[] {50, 40, 30, 20, 10}), 0);
    }

    @Test
    void tiesShareTheirAverageRank() {
        assertArrayEquals(new double[] {2, 3.5, 3.5, 1, 6, 6, 6}, RankCorrelation.averageRanks(
                new float[] {10, 20, 20, 5, 30, 30, 30}));
    }

    @Test
    void aCaseWithTiesMatchesTheHandComputedValue() {
        // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4), both of mean 2.5;
        // deviations (-1.5, 0, 0, 1.5) and (-1.5, 0.5, -0.5, 1.5):
        // covariance sum 4.5, variance sums 4.5 and 5, so rho = 4.5 / sqrt(22.5) = 3 / sqrt(10)
        double rho = RankCorrelation.spearman(new float[] {1, 2, 2, 3}, new float[] {1, 3, 2, 4});

        assertEquals(3 / Math.sqrt(10), rho, 1e-15);
    }

    @Test
    void zeroAndNegativeZeroTie() {
        assertArrayEquals(new double[] {1.5, 1.5, 3}, RankCorrelation.averageRanks(new float[] {0f, -0f, 1f}));
    }

    @Test
    void aConstantArrayHasNoCorrelation() {
        assertEquals(Double.NaN, RankCorrelation.spearman(new float[] {0, 0, 0}, new float[] {1, 2, 3}));
    }

    @Test
    void mismatchedShortOrNonFiniteArraysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RankCorrelation.spearman(new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> RankCorrelation.spearman(new float[1], new float[1]));
        assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new float[] {1, Float.NaN}, new float[] {1, 2}));
    }
}
