package io.camsearch.cam;

/** Grids written the way they are drawn: one array per row. */
public final class TestGrids {

    private TestGrids() {
    }

    public static Grid rows(float[]... rows) {
        int width = rows[0].length;
        float[] values = new float[rows.length * width];
        for (int y = 0; y < rows.length; y++) {
            System.arraycopy(rows[y], 0, values, y * width, width);
        }
        return new Grid(rows.length, width, values);
    }

    public static float[] row(float... values) {
        return values;
    }
}
