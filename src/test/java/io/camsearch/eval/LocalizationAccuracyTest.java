package io.camsearch.eval;

import static io.camsearch.cam.TestGrids.row;
import static io.camsearch.cam.TestGrids.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.eval.LocalizationAccuracy.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalizationAccuracyTest {

    /**
     * Background 0.1, a 4x4 blob at 0.5 covering columns and rows 2-5, and inside it one peak
     * cell at 1. Thresholds up to 0.1 take the whole 8x8 map, thresholds in (0.1, 0.5] exactly
     * the blob, and thresholds above 0.5 the peak alone.
     */
    private static final Grid BLOB = rows(
            row(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.5f, 1.0f, 0.5f, 0.5f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f),
            row(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f));

    private static final Box BLOB_BOX = new Box(2, 2, 4, 4);

    @Test
    void aBlobMatchingTheBoxIsCorrectExactlyWhileTheThresholdIsolatesTheBlob() {
        // whole map: IoU 16/64; blob: IoU 1; peak: IoU 1/16
        Curve curve = LocalizationAccuracy.curve(List.of(new Sample(BLOB, BLOB_BOX)), 0.05, 0.1, 0.2, 0.5, 0.6, 1);

        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, curve.ys());
        assertArrayEquals(new double[] {0.05, 0.1, 0.2, 0.5, 0.6, 1}, curve.xs());
    }

    @Test
    void accuracyIsTheFractionOfCorrectSamples() {
        List<Sample> samples = List.of(
                new Sample(BLOB, BLOB_BOX),
                new Sample(BLOB, BLOB_BOX),
                new Sample(BLOB, new Box(0, 0, 2, 2)),
                new Sample(BLOB, new Box(0, 0, 8, 8)),
                new Sample(Grid.filled(8, 8, 0), BLOB_BOX));

        // t = 0.2 finds the blob: the two blob boxes; t = 0.05 takes the whole map: the whole-map
        // box. The corner box never overlaps enough, and the empty map gives no box at all.
        assertEquals(2.0 / 5, LocalizationAccuracy.atDefaultThreshold(samples), 0);
        assertEquals(1.0 / 5, LocalizationAccuracy.at(samples, 0.05), 0);
    }

    @Test
    void anIouOfExactlyOneHalfCountsAsCorrect() {
        // The truth is the 4x4 block at columns and rows 1-4. Its upper half is at 0.6 around a
        // peak of 1, its lower half at 0.3: at t = 0.5 the box is the upper 4x2 half, IoU 8/16.
        Grid halves = rows(
                row(0, 0, 0, 0, 0, 0),
                row(0, 0.6f, 1.0f, 0.6f, 0.6f, 0),
                row(0, 0.6f, 0.6f, 0.6f, 0.6f, 0),
                row(0, 0.3f, 0.3f, 0.3f, 0.3f, 0),
                row(0, 0.3f, 0.3f, 0.3f, 0.3f, 0),
                row(0, 0, 0, 0, 0, 0));
        List<Sample> samples = List.of(new Sample(halves, new Box(1, 1, 4, 4)));

        assertEquals(1, LocalizationAccuracy.at(samples, 0.5), 0);
    }

    @Test
    void theCurveRunsOverThePapersThresholds() {
        Curve curve = LocalizationAccuracy.curve(List.of(new Sample(BLOB, BLOB_BOX)),
                LocalizationAccuracy.curveThresholds());

        assertArrayEquals(new double[] {0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40}, curve.xs());
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 1, 1}, curve.ys());
    }

    @Test
    void noSamplesOrAThresholdOutsideTheUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LocalizationAccuracy.atDefaultThreshold(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LocalizationAccuracy.at(List.of(new Sample(BLOB, BLOB_BOX)), 0));
    }
}
