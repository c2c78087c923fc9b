package io.camsearch.model;

import io.camsearch.image.Preprocessing;
import java.util.Arrays;

/**
 * Everything a caller must know about an embedding model to feed it and to explain it: the input
 * geometry and normalization, the embedding size d, and the last convolutional feature map's
 * geometry K x h x w.
 *
 * @param name a human-readable name, shown in logs and API answers
 * @param inputWidth width of the network input in pixels
 * @param inputHeight height of the network input in pixels
 * @param mean per-channel (R, G, B) mean on the [0, 1] pixel scale
 * @param std per-channel (R, G, B) standard deviation on the [0, 1] pixel scale
 * @param embeddingDim d, the length of the embedding y
 * @param channels K, the number of channels of the feature map A
 * @param featureHeight h, the feature map's height
 * @param featureWidth w, the feature map's width
 * @param head how the head maps A to y
 */
public record ModelDescriptor(
        String name,
        int inputWidth,
        int inputHeight,
        float[] mean,
        float[] std,
        int embeddingDim,
        int channels,
        int featureHeight,
        int featureWidth,
        HeadKind head) {

    /** What a person reads in logs and the readiness check (a record would print the arrays' identities). */
    @Override
    public String toString() {
        return name + " (input " + inputWidth + "x" + inputHeight + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std)
                + "; features " + channels + "x" + featureHeight + "x" + featureWidth + " -> " + head + " -> d " + embeddingDim + ")";
    }

    public ModelDescriptor {
        requirePositive("inputWidth", inputWidth);
        requirePositive("inputHeight", inputHeight);
        requirePositive("embeddingDim", embeddingDim);
        requirePositive("channels", channels);
        requirePositive("featureHeight", featureHeight);
        requirePositive("featureWidth", featureWidth);
        // The input geometry and normalization have one home: Preprocessing checks them.
        new Preprocessing(inputWidth, inputHeight, mean, std);
        if (head == null) {
            throw new IllegalArgumentException("head kind is required");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** How images must be resized and normalized for this model. */
    public Preprocessing preprocessing() {
        return new Preprocessing(inputWidth, inputHeight, mean, std);
    }

    /** Z = h * w, the number of feature-map cells the channel gradients are averaged over. */
    public int featureCells() {
        return featureHeight * featureWidth;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }
}
