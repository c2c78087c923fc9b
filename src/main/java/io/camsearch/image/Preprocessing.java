package io.camsearch.image;

import java.util.Arrays;

/**
 * How a network wants its input image: the input size and the per-channel normalization, in the
 * torchvision convention ({@code Normalize(mean, std)} after {@code ToTensor()}), so a model's
 * descriptor can copy its numbers from the training script.
 *
 * @param width  input width in pixels
 * @param height input height in pixels
 * @param mean   per-channel mean (R, G, B) of pixel values scaled to [0, 1]
 * @param std    per-channel standard deviation (R, G, B), each positive
 */
public record Preprocessing(int width, int height, float[] mean, float[] std) {

    private static final int CHANNELS = 3;

    public Preprocessing {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, was " + width + "x" + height);
        }
        if ((long) CHANNELS * width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("input " + width + "x" + height + " is too large for one float array");
        }
        mean = rgb("mean", mean);
        std = rgb("std", std);
        for (float value : mean) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("mean must be finite, was " + Arrays.toString(mean));
            }
        }
        for (float value : std) {
            if (!(value > 0) || !Float.isFinite(value)) {
                throw new IllegalArgumentException("std must be positive and finite, was " + Arrays.toString(std));
            }
        }
    }

    private static float[] rgb(String name, float[] values) {
        if (values == null || values.length != CHANNELS) {
            throw new IllegalArgumentException(name + " needs one value per channel (R, G, B), was "
                    + Arrays.toString(values));
        }
        return values.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Preprocessing that && width == that.width && height == that.height
                && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Preprocessing[" + width + "x" + height + ", mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + "]";
    }
}
