package io.camsearch.cam;

import java.util.Arrays;

/**
 * An immutable {@code height x width} map of finite floats, stored row-major: the value at
 * row {@code y}, column {@code x} is {@code values[y * width + x]}. Heatmaps live here at every
 * stage: the raw CAM on the feature-map grid, its ReLU, its [0,1] normalization and its
 * upsampling to image size. Every operation returns a new grid.
 */
public final class Grid {

    private final int height;
    private final int width;
    private final float[] values;

    /**
     * @param values row-major, exactly {@code height * width} finite values; copied
     * @throws IllegalArgumentException when a size is not positive, the length does not match or
     *     a value is NaN or infinite
     */
    public Grid(int height, int width, float[] values) {
        this(height, width, values.clone(), true);
    }

    /**
     * Operations build valid grids from valid grids and hand over arrays nobody else holds, so
     * they skip both the validation and the copy.
     */
    private Grid(int height, int width, float[] ownedValues, boolean validate) {
        if (validate) {
            requirePositiveSize(height, width);
            if (ownedValues.length != (long) height * width) {
                throw new IllegalArgumentException("a " + height + "x" + width + " grid needs "
                        + (long) height * width + " values, got " + ownedValues.length);
            }
            for (int i = 0; i < ownedValues.length; i++) {
                if (!Float.isFinite(ownedValues[i])) {
                    throw new IllegalArgumentException("value at (" + i / width + ", " + i % width
                            + ") is not finite: " + ownedValues[i]);
                }
            }
        } else {
            assert height > 0 && width > 0 && ownedValues.length == (long) height * width
                    : "an operation built a " + height + "x" + width + " grid from " + ownedValues.length + " values";
            assert firstNonFinite(ownedValues) < 0
                    : "an operation built a grid with a non-finite value at index " + firstNonFinite(ownedValues);
        }
        this.height = height;
        this.width = width;
        this.values = ownedValues;
    }

    /** The index of the first NaN or infinite value, or -1. */
    private static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** A grid with every cell equal to {@code value}. */
    public static Grid filled(int height, int width, float value) {
        requirePositiveSize(height, width);
        float[] values = new float[Math.multiplyExact(height, width)];
        Arrays.fill(values, value);
        return new Grid(height, width, values, true);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** @return a row-major copy of the values */
    public float[] values() {
        return values.clone();
    }

    public float get(int y, int x) {
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException(
                    "(" + y + ", " + x + ") is outside a " + height + "x" + width + " grid");
        }
        return values[y * width + x];
    }

    public float max() {
        float max = values[0];
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    public float min() {
        float min = values[0];
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** The sum of all values, accumulated in double. */
    public double sum() {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }

    /**
     * Each value divided by the sum: for a signed map S of a global-average-pool -> linear head,
     * whose cells add up to {@code y . p - b . p}, each region's share of the similarity
     * (meaningful when the sum is positive).
     */
    public Grid shareOfSum() {
        double total = sum();
        float[] shares = new float[values.length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = (float) (values[i] / total);
        }
        return new Grid(height, width, shares);
    }

    /** {@code -v} for every value: the other side of a signed map (see {@link Counterfactual}). */
    public Grid negated() {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = -values[i];
        }
        return new Grid(height, width, out, false);
    }

    /** The largest {@code |a - b|} over the cells of this grid and {@code other}, of the same size: how far apart two maps are. */
    public double maxDifference(Grid other) {
        if (other.height != height || other.width != width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " grid against a " + other.height + "x" + other.width + " one");
        }
        double max = 0;
        for (int i = 0; i < values.length; i++) {
            max = Math.max(max, Math.abs((double) values[i] - other.values[i]));
        }
        return max;
    }

    /** {@code max(0, v)} for every value. */
    public Grid relu() {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, values[i]);
        }
        return new Grid(height, width, out, false);
    }

    /**
     * Min-max normalization to [0,1]: {@code (v - min) / (max - min)}, so the minimum maps to
     * exactly 0 and the maximum to exactly 1, and a positive rescaling of the map does not change
     * the result. A constant map becomes all zeros: after the ReLU a constant map is zero or
     * uniform, and either way it singles out no region, so it explains nothing.
     */
    public Grid normalized() {
        float min = min();
        double range = (double) max() - min;
        float[] out = new float[values.length];
        if (range > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) ((values[i] - (double) min) / range);
            }
        }
        return new Grid(height, width, out, false);
    }

    /**
     * Bilinear resampling with half-pixel centres, the convention of PyTorch's
     * {@code F.interpolate(mode='bilinear', align_corners=False)} and OpenCV's
     * {@code cv2.resize(..., interpolation=INTER_LINEAR)}. Along each axis, output index
     * {@code o} samples the input at {@code s = (o + 0.5) * in / out - 0.5}, clamped to
     * {@code [0, in - 1]} (so the outermost output pixels repeat the edge value), and
     * interpolates linearly between input indices {@code floor(s)} and
     * {@code min(floor(s) + 1, in - 1)}. The two axes are separable. Shrinking uses the same
     * formula without anti-aliasing, like both libraries' defaults.
     */
    public Grid upsampleBilinear(int outHeight, int outWidth) {
        requirePositiveSize(outHeight, outWidth);
        HalfPixelAxis columns = HalfPixelAxis.resampling(width, outWidth);
        HalfPixelAxis rows = HalfPixelAxis.resampling(height, outHeight);

        float[] widened = new float[Math.multiplyExact(height, outWidth)];
        for (int y = 0; y < height; y++) {
            int rowStart = y * width;
            int widenedStart = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                widened[widenedStart + x] = lerp(values[rowStart + columns.lower[x]],
                        values[rowStart + columns.upper[x]], columns.weight[x]);
            }
        }
        float[] out = new float[Math.multiplyExact(outHeight, outWidth)];
        for (int y = 0; y < outHeight; y++) {
            int lowerStart = rows.lower[y] * outWidth;
            int upperStart = rows.upper[y] * outWidth;
            float weight = rows.weight[y];
            int outStart = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                out[outStart + x] = lerp(widened[lowerStart + x], widened[upperStart + x], weight);
            }
        }
        return new Grid(outHeight, outWidth, out, false);
    }

    /**
     * The share of the map's mass that lies inside {@code box} (the paper's heatmap ratio):
     * {@code sum over the box's cells / sum over all cells}, with the box clipped to the grid.
     * For a uniform map this is the box's share of the grid's area, the baseline the paper
     * reports beside it. A map with no mass gives 0: it explains nothing.
     *
     * @throws IllegalArgumentException when the map has a negative value (apply {@link #relu()}
     *     first), since mass shares are meaningless then
     */
    public double shareOfMassInside(Box box) {
        if (min() < 0) {
            throw new IllegalArgumentException("mass shares need a non-negative map, min is " + min());
        }
        double total = sum();
        if (total == 0) {
            return 0;
        }
        double inside = 0;
        for (int y = box.y(); y < Math.min(box.bottom(), height); y++) {
            for (int x = box.x(); x < Math.min(box.right(), width); x++) {
                inside += values[y * width + x];
            }
        }
        return inside / total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Grid grid && grid.height == height && grid.width == width
                && Arrays.equals(grid.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Grid[" + height + "x" + width + ", min=" + min() + ", max=" + max() + "]";
    }

    private static float lerp(float a, float b, float weightOfB) {
        // a + w * (b - a) keeps a constant map exactly constant.
        return a + weightOfB * (b - a);
    }

    private static void requirePositiveSize(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("grid sizes must be positive, got " + height + "x" + width);
        }
    }

    /** Per output index along one axis: the two input indices and the weight of the upper one. */
    private record HalfPixelAxis(int[] lower, int[] upper, float[] weight) {

        static HalfPixelAxis resampling(int inSize, int outSize) {
            int[] lower = new int[outSize];
            int[] upper = new int[outSize];
            float[] weight = new float[outSize];
            double scale = (double) inSize / outSize;
            for (int o = 0; o < outSize; o++) {
                double source = Math.clamp((o + 0.5) * scale - 0.5, 0, inSize - 1);
                lower[o] = (int) source;
                upper[o] = Math.min(lower[o] + 1, inSize - 1);
                weight[o] = (float) (source - lower[o]);
            }
            return new HalfPixelAxis(lower, upper, weight);
        }
    }
}
