package io.camsearch.cam;

import static io.camsearch.cam.TestGrids.row;
import static io.camsearch.cam.TestGrids.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalizerTest {

    private final Localizer paperLocalizer = new Localizer();

    @Test
    void twoBlobsGiveTheBoxOfTheLargerOne() {
        Grid heatmap = rows(
                row(0, 0, 0, 0, 0, 0, 0, 0),
                row(0, 9, 9, 0, 0, 0, 0, 0),
                row(0, 9, 9, 0, 0, 5, 5, 5),
                row(0, 0, 0, 0, 0, 5, 5, 5),
                row(0, 0, 0, 0, 5, 5, 5, 0),
                row(0, 0, 0, 0, 0, 0, 0, 0));

        // the brighter 2x2 blob holds 4 cells, the dimmer one 9 (5 >= 0.2 * 9 keeps it in)
        assertEquals(Optional.of(new Box(4, 2, 4, 3)), paperLocalizer.localize(heatmap));
    }

    @Test
    void diagonalNeighboursAreConnected() {
        Grid heatmap = rows(
                row(1, 0, 0, 0, 0, 0, 0, 0),
                row(0, 1, 0, 0, 0, 0, 1, 1),
                row(0, 0, 1, 0, 0, 0, 1, 1),
                row(0, 0, 0, 1, 0, 0, 0, 0),
                row(0, 0, 0, 0, 1, 0, 0, 0));

        // Under 4-connectivity the 2x2 square (4 cells) would beat five single cells;
        // under 8-connectivity the diagonal is one component of 5.
        assertEquals(Optional.of(new Box(0, 0, 5, 5)), paperLocalizer.localize(heatmap));
    }

    @Test
    void aCellExactlyAtTheThresholdIsIncluded() {
        // t * max = 0.25 * 10 = 2.5 exactly
        Grid heatmap = rows(row(10, 0, 2.5f, 2.5f), row(10, 0, 0, 2.5f));

        assertEquals(Optional.of(new Box(2, 0, 2, 2)), new Localizer(0.25).localize(heatmap));
    }

    @Test
    void aCellJustBelowTheThresholdIsExcluded() {
        float justBelow = Math.nextDown(2.5f);
        Grid heatmap = rows(row(10, 0, 2.5f, justBelow), row(10, 0, 0, justBelow));

        assertEquals(Optional.of(new Box(0, 0, 1, 2)), new Localizer(0.25).localize(heatmap));
    }

    @Test
    void thresholdOneKeepsOnlyTheMaximumCells() {
        Grid heatmap = rows(
                row(0.99f, 0.5f, 0, 0),
                row(0.5f, 1, 1, 0.999f),
                row(0, 0, 1, 0));

        assertEquals(Optional.of(new Box(1, 1, 2, 2)), new Localizer(1).localize(heatmap));
    }

    @Test
    void aMapWithNothingPositiveLocalizesNothing() {
        assertEquals(Optional.empty(), paperLocalizer.localize(Grid.filled(4, 5, 0)));
        assertEquals(Optional.empty(), paperLocalizer.localize(rows(row(-1, -3), row(0, -0.5f))));
    }

    @Test
    void zeroCellsStayOutEvenWhenTheCutoffUnderflows() {
        Grid heatmap = rows(row(0, 0, 0), row(0, Float.MIN_VALUE, 0));

        assertEquals(Optional.of(new Box(1, 1, 1, 1)), paperLocalizer.localize(heatmap));
    }

    @Test
    void negativeCellsNeverJoinAComponent() {
        Grid heatmap = rows(row(-1, 4, -1), row(-1, 1, -1));

        assertEquals(Optional.of(new Box(1, 0, 1, 2)), paperLocalizer.localize(heatmap));
    }

    @Test
    void blobsTouchingTheBorderGiveBoxesClampedToTheMap() {
        Grid topLeft = rows(
                row(7, 7, 7, 0),
                row(7, 7, 0, 0),
                row(0, 0, 0, 0));
        Grid bottomRight = rows(
                row(0, 0, 0, 0),
                row(0, 0, 3, 3),
                row(0, 3, 3, 3));

        assertEquals(Optional.of(new Box(0, 0, 3, 2)), paperLocalizer.localize(topLeft));
        assertEquals(Optional.of(new Box(1, 1, 3, 2)), paperLocalizer.localize(bottomRight));
    }

    @Test
    void aFullMapGivesTheWholeMap() {
        assertEquals(Optional.of(new Box(0, 0, 6, 4)), paperLocalizer.localize(Grid.filled(4, 6, 0.3f)));
    }

    @Test
    void equallyLargeComponentsResolveToTheOneMetFirstInRowMajorOrder() {
        Grid heatmap = rows(
                row(0, 0, 0, 0, 1, 1),
                row(1, 1, 0, 0, 0, 1),
                row(1, 0, 0, 0, 0, 0));

        // Both have 3 cells; the right one starts at row 0, the left one is further left but
        // starts at row 1.
        assertEquals(Optional.of(new Box(4, 0, 2, 2)), paperLocalizer.localize(heatmap));
    }

    @Test
    void aTwoMillionCellSnakeIsFilledWithoutRecursion() {
        int side = 2000;
        float[] values = new float[side * side];
        // Every other row is lit, joined alternately at the right and left ends: one path of
        // about two million cells, which a recursive fill could not walk.
        for (int y = 0; y < side; y += 2) {
            Arrays.fill(values, y * side, (y + 1) * side, 1f);
            if (y + 1 < side) {
                values[(y + 1) * side + ((y / 2) % 2 == 0 ? side - 1 : 0)] = 1f;
            }
        }

        assertEquals(Optional.of(new Box(0, 0, side, side)), paperLocalizer.localize(new Grid(side, side, values)));
    }

    @Test
    void localizationIsCorrectFromIouOneHalf() {
        Box truth = new Box(0, 0, 10, 10);

        assertTrue(Localizer.isCorrect(new Box(0, 0, 10, 5), truth));
        assertFalse(Localizer.isCorrect(new Box(0, 0, 10, 4), truth));
    }

    @Test
    void rejectsThresholdsOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Localizer(0));
        assertThrows(IllegalArgumentException.class, () -> new Localizer(-0.2));
        assertThrows(IllegalArgumentException.class, () -> new Localizer(1.0001));
        assertThrows(IllegalArgumentException.class, () -> new Localizer(Double.NaN));
    }

    @Test
    void theDefaultThresholdIsThePapersTwentyPercent() {
        Grid heatmap = rows(row(10, 2, Math.nextDown(2f), 0));

        assertEquals(0.2, Localizer.DEFAULT_THRESHOLD);
        assertEquals(Optional.of(new Box(0, 0, 2, 1)), paperLocalizer.localize(heatmap));
    }
}
