package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CurveTest {

    @Test
    void areaIsTheTrapezoidSumOverUnevenSteps() {
        // 0.5 * (1 + 0.5) / 2 + 0.25 * (0.5 + 0.5) / 2 + 0.25 * (0.5 + 0) / 2 = 0.375 + 0.125 + 0.0625
        Curve curve = new Curve(new double[] {0, 0.5, 0.75, 1}, new double[] {1, 0.5, 0.5, 0});

        assertEquals(0.5625, curve.area(), 1e-15);
    }

    @Test
    void aSinglePointHasNoArea() {
        assertEquals(0, new Curve(new double[] {0.3}, new double[] {7}).area());
    }

    @Test
    void repeatedXAddsAZeroWidthStep() {
        Curve curve = new Curve(new double[] {0, 0, 1}, new double[] {1, 0.5, 0.5});

        assertEquals(0.5, curve.area(), 0);
    }

    @Test
    void theArraysAreCopiedInAndOut() {
        double[] xs = {0, 1};
        double[] ys = {2, 3};
        Curve curve = new Curve(xs, ys);
        xs[1] = 5;
        curve.ys()[0] = 9;

        assertArrayEquals(new double[] {0, 1}, curve.xs());
        assertArrayEquals(new double[] {2, 3}, curve.ys());
        assertEquals(new Curve(new double[] {0, 1}, new double[] {2, 3}), curve);
    }

    @Test
    void malformedCurvesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Curve(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Curve(new double[] {0, 1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Curve(new double[] {1, 0}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new Curve(new double[] {0}, new double[] {Double.NaN}));
    }
}
