package io.camsearch.eval;

import static io.camsearch.cam.TestGrids.row;
import static io.camsearch.cam.TestGrids.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Grid;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeletionCurveTest {

    @Test
    void hottestFirstOnAnAdditiveScoreGivesTheHandComputedCurveAndArea() {
        Grid weights = rows(row(4, 3), row(2, 1));

        Curve curve = new DeletionCurve(4).measure(DeletionCurve.hottestFirst(weights), unblankedSum(weights));

        // scores 10, 6, 3, 1, 0 relative to 10; area 0.25 * (0.8 + 0.45 + 0.2 + 0.05)
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, curve.xs());
        assertArrayEquals(new double[] {1, 0.6, 0.3, 0.1, 0}, curve.ys(), 1e-15);
        assertEquals(0.375, curve.area(), 1e-15);
    }

    @Test
    void stepsThatDoNotDivideTheCellsBlankTheFloorOfTheirShare() {
        Grid weights = rows(row(1, 2, 3));

        // step 1 of 2 blanks floor(3 / 2) = 1 cell, the 3: scores 6, 3, 0 at x = 0, 1/3, 1
        Curve curve = new DeletionCurve(2).measure(DeletionCurve.hottestFirst(weights), unblankedSum(weights));

        assertArrayEquals(new double[] {0, 1.0 / 3, 1}, curve.xs());
        assertArrayEquals(new double[] {1, 0.5, 0}, curve.ys());
        assertEquals(1.0 / 3 * 1.5 / 2 + 2.0 / 3 * 0.5 / 2, curve.area(), 1e-15);
    }

    @Test
    void orderingByTheWeightsThemselvesFallsFasterThanARandomOrder() {
        Grid weights = ramp(8, 8);
        DeletionCurve deletion = new DeletionCurve();

        double byWeights = deletion.measure(DeletionCurve.hottestFirst(weights), unblankedSum(weights)).area();
        double random = deletion.measure(DeletionCurve.randomOrder(64, 42), unblankedSum(weights)).area();

        assertTrue(byWeights < random, byWeights + " should be below " + random);
    }

    @Test
    void randomOrdersAverageTheDiagonalOnAnAdditiveScore() {
        // Every cell is equally likely to be gone at each step, so the expected relative score at
        // x is 1 - x and the expected area 1/2.
        Grid weights = ramp(8, 8);
        DeletionCurve deletion = new DeletionCurve(16);
        double[] areas = new double[200];
        for (int seed = 0; seed < areas.length; seed++) {
            areas[seed] = deletion.measure(DeletionCurve.randomOrder(64, seed), unblankedSum(weights)).area();
        }

        assertEquals(0.5, MeanStd.of(areas).mean(), 0.02);
    }

    @Test
    void aSeedFixesTheRandomOrder() {
        int[] order = DeletionCurve.randomOrder(50, 3);

        assertArrayEquals(order, DeletionCurve.randomOrder(50, 3));
        assertFalse(Arrays.equals(order, DeletionCurve.randomOrder(50, 4)));
        assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(order).sorted().toArray());
    }

    @Test
    void equallyHotCellsKeepRowMajorOrder() {
        assertArrayEquals(new int[] {1, 2, 0, 3}, DeletionCurve.hottestFirst(rows(row(1, 3, 3, 0))));
        assertArrayEquals(new int[] {0, 1, 2}, DeletionCurve.hottestFirst(rows(row(-0f, 0, -0f))));
    }

    @Test
    void theScorerSeesEachStepsBlankedCellsAndNothingElse() {
        StringBuilder seen = new StringBuilder();
        new DeletionCurve(3).measure(new int[] {2, 0, 1}, blanked -> {
            seen.append(Arrays.toString(blanked)).append(' ');
            return 1;
        });

        assertEquals("[false, false, false] [false, false, true] [true, false, true] [true, true, true] ",
                seen.toString());
    }

    @Test
    void badOrdersAndUnusableScoresAreRefused() {
        DeletionCurve deletion = new DeletionCurve(2);
        assertThrows(IllegalArgumentException.class, () -> deletion.measure(new int[] {0, 0}, blanked -> 1));
        assertThrows(IllegalArgumentException.class, () -> deletion.measure(new int[] {0, 2}, blanked -> 1));
        assertThrows(IllegalArgumentException.class, () -> deletion.measure(new int[] {1, 0}, blanked -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> deletion.measure(new int[] {1, 0}, blanked -> blanked[0] ? Double.NaN : 1));
        assertThrows(IllegalArgumentException.class, () -> new DeletionCurve(0));
    }

    /** The closed-form score: the sum of the weights of the cells still there. */
    private static DeletionCurve.Scorer unblankedSum(Grid weights) {
        float[] values = weights.values();
        return blanked -> {
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                if (!blanked[i]) {
                    sum += values[i];
                }
            }
            return sum;
        };
    }

    /** Cells weighted 1, 2, ..., in row-major order. */
    private static Grid ramp(int height, int width) {
        float[] values = new float[height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return new Grid(height, width, values);
    }
}
