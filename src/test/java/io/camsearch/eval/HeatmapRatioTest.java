package io.camsearch.eval;

import static io.camsearch.cam.TestGrids.row;
import static io.camsearch.cam.TestGrids.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import org.junit.jupiter.api.Test;

class HeatmapRatioTest {

    /** A 4x5 map whose mass lies only in the 2x2 block at columns 1-2, rows 1-2. */
    private static final Grid INSIDE_ONLY = rows(
            row(0, 0, 0, 0, 0),
            row(0, 3, 1, 0, 0),
            row(0, 2, 4, 0, 0),
            row(0, 0, 0, 0, 0));

    private static final Box BLOCK = new Box(1, 1, 2, 2);

    /** The same block as a mask: 4 of 20 cells. */
    private static final boolean[] BLOCK_MASK = {
        false, false, false, false, false,
        false, true, true, false, false,
        false, true, true, false, false,
        false, false, false, false, false,
    };

    @Test
    void aHeatmapWhollyInsideTheBoxScoresOneAgainstTheBoxsAreaShare() {
        assertEquals(new HeatmapRatio(1, 4.0 / 20), HeatmapRatio.inBox(INSIDE_ONLY, BLOCK));
    }

    @Test
    void aUniformHeatmapScoresExactlyTheBoxsAreaShare() {
        assertEquals(new HeatmapRatio(0.2, 0.2), HeatmapRatio.inBox(Grid.filled(4, 5, 0.7f), BLOCK));
    }

    @Test
    void aBoxReachingPastTheMapCountsOnlyItsCellsOnTheMap() {
        // columns 3-4 of rows 2-3 are on the map: 4 cells, mass 0 + 0 + 0 + 0 of 10
        Box pastTheCorner = new Box(3, 2, 4, 4);

        assertEquals(new HeatmapRatio(0, 4.0 / 20), HeatmapRatio.inBox(INSIDE_ONLY, pastTheCorner));
    }

    @Test
    void aHeatmapHalfInsideTheBoxScoresItsMassShare() {
        // column 1 holds mass 3 + 2 = 5 of 10 in 4 of 20 cells
        assertEquals(new HeatmapRatio(0.5, 4.0 / 20), HeatmapRatio.inBox(INSIDE_ONLY, new Box(1, 0, 1, 4)));
    }

    @Test
    void aHeatmapWhollyInsideTheMaskScoresOneAgainstTheMasksAreaShare() {
        assertEquals(new HeatmapRatio(1, 0.2), HeatmapRatio.inMask(INSIDE_ONLY, BLOCK_MASK));
    }

    @Test
    void aUniformHeatmapScoresExactlyTheMasksAreaShare() {
        assertEquals(new HeatmapRatio(0.2, 0.2), HeatmapRatio.inMask(Grid.filled(4, 5, 0.7f), BLOCK_MASK));
    }

    @Test
    void aSoftMaskWeighsEachCellsMassByItsMembership() {
        Grid heatmap = rows(row(3, 1), row(0, 4));
        Grid mask = rows(row(1, 0.5f), row(0, 0.25f));

        // heatmap: (3 * 1 + 1 * 0.5 + 0 + 4 * 0.25) / 8 = 4.5 / 8; uniform: 1.75 / 4
        assertEquals(new HeatmapRatio(4.5 / 8, 1.75 / 4), HeatmapRatio.inMask(heatmap, mask));
    }

    @Test
    void aBinaryGridMaskAgreesWithTheBooleanMask() {
        float[] weights = new float[BLOCK_MASK.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = BLOCK_MASK[i] ? 1 : 0;
        }

        assertEquals(HeatmapRatio.inMask(INSIDE_ONLY, BLOCK_MASK),
                HeatmapRatio.inMask(INSIDE_ONLY, new Grid(4, 5, weights)));
    }

    @Test
    void aHeatmapWithNoMassScoresZero() {
        assertEquals(new HeatmapRatio(0, 0.2), HeatmapRatio.inMask(Grid.filled(4, 5, 0), BLOCK_MASK));
        assertEquals(new HeatmapRatio(0, 0.2), HeatmapRatio.inBox(Grid.filled(4, 5, 0), BLOCK));
    }

    @Test
    void negativeHeatmapsAndMisfittingMasksAreRefused() {
        Grid signed = rows(row(1, -1), row(0, 0));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRatio.inMask(signed, new boolean[4]));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRatio.inBox(signed, new Box(0, 0, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRatio.inMask(INSIDE_ONLY, new boolean[19]));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRatio.inMask(INSIDE_ONLY, Grid.filled(5, 4, 1)));
        assertThrows(IllegalArgumentException.class, () -> HeatmapRatio.inMask(INSIDE_ONLY, Grid.filled(4, 5, 2)));
    }
}
