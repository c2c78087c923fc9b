package io.camsearch.cam;

import static io.camsearch.cam.TestGrids.row;
import static io.camsearch.cam.TestGrids.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GridTest {

    // Half-pixel sampling of 2 cells onto 4: source positions -0.25 (clamped to 0), 0.25, 0.75,
    // 1.25 (clamped to 1), so each axis weighs the second cell 0, 1/4, 3/4, 1.

    @Test
    void theMaxDifferenceIsTheLargestCellGapAndNeedsTheSameSize() {
        Grid a = new Grid(2, 2, new float[] {0f, 0.5f, 1f, 0.25f});
        Grid b = new Grid(2, 2, new float[] {0.25f, 0.5f, 0.5f, 0f});
        assertEquals(0.5, a.maxDifference(b));
        assertEquals(0.5, b.maxDifference(a));
        assertEquals(0.0, a.maxDifference(a));
        assertEquals("a 2x2 grid against a 1x4 one",
                assertThrows(IllegalArgumentException.class, () -> a.maxDifference(new Grid(1, 4, new float[4]))).getMessage());
    }

    @Test
    void upsamplingTwoByTwoToFourByFourGivesTheHalfPixelValues() {
        Grid grid = rows(row(1, 2), row(3, 4));

        Grid upsampled = grid.upsampleBilinear(4, 4);

        assertArrayEquals(new float[] {
            1.00f, 1.25f, 1.75f, 2.00f,
            1.50f, 1.75f, 2.25f, 2.50f,
            2.50f, 2.75f, 3.25f, 3.50f,
            3.00f, 3.25f, 3.75f, 4.00f,
        }, upsampled.values(), 1e-6f);
    }

    @Test
    void upsamplingASinglePeakMultipliesTheAxisWeights() {
        Grid grid = rows(row(0, 0), row(0, 1));

        Grid upsampled = grid.upsampleBilinear(4, 4);

        // cell (y, x) = weight(y) * weight(x) with weights 0, 1/4, 3/4, 1
        assertArrayEquals(new float[] {
            0, 0,      0,      0,
            0, 0.0625f, 0.1875f, 0.25f,
            0, 0.1875f, 0.5625f, 0.75f,
            0, 0.25f,   0.75f,   1,
        }, upsampled.values(), 1e-6f);
    }

    @Test
    void upsamplingAConstantMapKeepsItExactlyConstant() {
        Grid upsampled = Grid.filled(3, 5, 0.37f).upsampleBilinear(11, 8);

        assertEquals(Grid.filled(11, 8, 0.37f), upsampled);
    }

    @Test
    void upsamplingALinearRampKeepsItLinearInsideAndClampsAtTheEdges() {
        int inHeight = 3;
        int inWidth = 5;
        float[] ramp = new float[inHeight * inWidth];
        for (int y = 0; y < inHeight; y++) {
            for (int x = 0; x < inWidth; x++) {
                ramp[y * inWidth + x] = 2 * x + 3 * y;
            }
        }
        int outHeight = 8;
        int outWidth = 17;

        Grid upsampled = new Grid(inHeight, inWidth, ramp).upsampleBilinear(outHeight, outWidth);

        for (int y = 0; y < outHeight; y++) {
            double sourceY = (y + 0.5) * inHeight / outHeight - 0.5;
            for (int x = 0; x < outWidth; x++) {
                double sourceX = (x + 0.5) * inWidth / outWidth - 0.5;
                double expected = 2 * Math.clamp(sourceX, 0, inWidth - 1) + 3 * Math.clamp(sourceY, 0, inHeight - 1);
                assertEquals(expected, upsampled.get(y, x), 1e-5, "at (" + y + ", " + x + ")");
            }
        }
        // Columns 2..14 sample inside [0, 4]; there each column step adds 2 * 5/17.
        for (int x = 3; x <= 14; x++) {
            assertEquals(2.0 * inWidth / outWidth, upsampled.get(4, x) - upsampled.get(4, x - 1), 1e-5);
        }
    }

    @Test
    void upsamplingARandomMapMatchesTheBilinearKernelSumComputedPerPixel() {
        Random random = new Random(42);
        int inHeight = 7;
        int inWidth = 7;
        float[] values = new float[inHeight * inWidth];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        Grid grid = new Grid(inHeight, inWidth, values);

        Grid upsampled = grid.upsampleBilinear(37, 53);

        assertEquals(37, upsampled.height());
        assertEquals(53, upsampled.width());
        for (int y = 0; y < 37; y++) {
            for (int x = 0; x < 53; x++) {
                assertEquals(triangleKernelSample(grid, y, x, 37, 53), upsampled.get(y, x), 1e-6,
                        "at (" + y + ", " + x + ")");
            }
        }
    }

    /**
     * The same convention written independently: a weighted sum over every input cell with the
     * tent kernel {@code max(0, 1 - |distance|)} on each axis, at the clamped half-pixel source
     * position, in double.
     */
    private static double triangleKernelSample(Grid grid, int outY, int outX, int outHeight, int outWidth) {
        double sourceY = Math.clamp((outY + 0.5) * grid.height() / outHeight - 0.5, 0, grid.height() - 1);
        double sourceX = Math.clamp((outX + 0.5) * grid.width() / outWidth - 0.5, 0, grid.width() - 1);
        double sum = 0;
        for (int y = 0; y < grid.height(); y++) {
            for (int x = 0; x < grid.width(); x++) {
                double weight = Math.max(0, 1 - Math.abs(sourceY - y)) * Math.max(0, 1 - Math.abs(sourceX - x));
                sum += weight * grid.get(y, x);
            }
        }
        return sum;
    }

    @Test
    void upsamplingToALargeImageRepeatsTheCornerValuesAtTheCorners() {
        Grid grid = rows(
                row(1, 0, 0, 0, 0, 0, 2),
                row(0, 0, 0, 0, 0, 0, 0),
                row(0, 0, 0, 0, 0, 0, 0),
                row(0, 0, 0, 9, 0, 0, 0),
                row(0, 0, 0, 0, 0, 0, 0),
                row(0, 0, 0, 0, 0, 0, 0),
                row(3, 0, 0, 0, 0, 0, 4));

        Grid upsampled = grid.upsampleBilinear(1000, 1000);

        assertEquals(1, upsampled.get(0, 0));
        assertEquals(2, upsampled.get(0, 999));
        assertEquals(3, upsampled.get(999, 0));
        assertEquals(4, upsampled.get(999, 999));
        // Output 499.5 sits exactly on input 3's centre: 499 and 500 straddle it symmetrically.
        assertEquals(upsampled.get(499, 499), upsampled.get(500, 500), 1e-6);
    }

    @Test
    void upsamplingToTheSameSizeChangesNothing() {
        Grid grid = rows(row(1, 5, 2), row(7, 3, 8));

        assertEquals(grid, grid.upsampleBilinear(2, 3));
    }

    @Test
    void halvingEachSideAveragesTwoByTwoBlocks() {
        Grid grid = rows(
                row(1, 3, 5, 7),
                row(5, 7, 9, 11),
                row(0, 0, 4, 4),
                row(8, 8, 0, 4));

        assertEquals(rows(row(4, 8), row(4, 3)), grid.upsampleBilinear(2, 2));
    }

    @Test
    void normalizationMapsTheMinimumToZeroAndTheMaximumToOne() {
        Grid grid = rows(row(2, 4), row(6, 10));

        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 1}, grid.normalized().values());
    }

    @Test
    void normalizationIgnoresPositiveScaling() {
        Random random = new Random(7);
        float[] values = new float[6 * 9];
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 4 - 1;
            scaled[i] = 37.5f * values[i];
        }

        Grid normalized = new Grid(6, 9, values).normalized();
        Grid normalizedScaled = new Grid(6, 9, scaled).normalized();

        assertArrayEquals(normalized.values(), normalizedScaled.values(), 1e-6f);
        assertEquals(0, normalized.min());
        assertEquals(1, normalized.max());
    }

    @Test
    void normalizingAConstantMapGivesZeros() {
        assertEquals(Grid.filled(3, 4, 0), Grid.filled(3, 4, 0.8f).normalized());
        assertEquals(Grid.filled(3, 4, 0), Grid.filled(3, 4, 0).normalized());
    }

    @Test
    void reluZeroesNegativeValuesOnly() {
        Grid grid = rows(row(-2, 0), row(0.5f, -0.001f));

        assertEquals(rows(row(0, 0), row(0.5f, 0)), grid.relu());
    }

    @Test
    void statisticsAndLookupReadRowMajorValues() {
        Grid grid = new Grid(2, 3, new float[] {1, -2, 3, 4, 5, 6});

        assertEquals(17.0, grid.sum());
        assertEquals(6, grid.max());
        assertEquals(-2, grid.min());
        assertEquals(3, grid.get(0, 2));
        assertEquals(4, grid.get(1, 0));
    }

    @Test
    void neitherTheInputArrayNorTheReturnedValuesCanChangeTheGrid() {
        float[] values = {1, 2, 3, 4};
        Grid grid = new Grid(2, 2, values);

        values[0] = 100;
        grid.values()[1] = 100;

        assertArrayEquals(new float[] {1, 2, 3, 4}, grid.values());
    }

    @Test
    void rejectsInconsistentSizesNonFiniteValuesAndOutOfRangeLookups() {
        assertThrows(IllegalArgumentException.class, () -> new Grid(2, 3, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new Grid(0, 3, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new Grid(1, 2, new float[] {0, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Grid(1, 1, new float[] {Float.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Grid.filled(2, 2, 1).upsampleBilinear(0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Grid.filled(2, 2, 1).get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Grid.filled(2, 2, 1).get(0, -1));
    }

    @Test
    void equalGridsHaveEqualSizesAndValues() {
        assertEquals(Grid.filled(2, 3, 1), new Grid(2, 3, new float[] {1, 1, 1, 1, 1, 1}));
        assertEquals(Grid.filled(2, 3, 1).hashCode(), new Grid(2, 3, new float[] {1, 1, 1, 1, 1, 1}).hashCode());
        assertNotEquals(Grid.filled(2, 3, 1), Grid.filled(3, 2, 1));
    }

    @Test
    void shareOfMassInsideSumsTheBoxCells() {
        Grid grid = rows(
                row(1, 2, 0, 0),
                row(3, 4, 0, 0),
                row(0, 0, 0, 10));

        assertEquals(10.0 / 20.0, grid.shareOfMassInside(new Box(0, 0, 2, 2)), 1e-12);
        assertEquals(14.0 / 20.0, grid.shareOfMassInside(new Box(1, 1, 3, 2)), 1e-12);
        assertEquals(1.0, grid.shareOfMassInside(new Box(0, 0, 4, 3)), 1e-12);
    }

    @Test
    void shareOfMassOfAUniformMapIsTheBoxShareOfTheArea() {
        Grid uniform = Grid.filled(10, 20, 0.3f);

        assertEquals(24.0 / 200.0, uniform.shareOfMassInside(new Box(5, 2, 6, 4)), 1e-12);
    }

    @Test
    void shareOfMassClipsABoxThatReachesBeyondTheMap() {
        Grid uniform = Grid.filled(4, 4, 1);

        // only the 2x2 corner of the 10x10 box lies on the map
        assertEquals(4.0 / 16.0, uniform.shareOfMassInside(new Box(2, 2, 10, 10)), 1e-12);
    }

    @Test
    void shareOfMassOfAnEmptyMapIsZeroAndNegativeMapsAreRejected() {
        assertEquals(0.0, Grid.filled(3, 3, 0).shareOfMassInside(new Box(0, 0, 2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> rows(row(1, -1)).shareOfMassInside(new Box(0, 0, 1, 1)));
    }
}
