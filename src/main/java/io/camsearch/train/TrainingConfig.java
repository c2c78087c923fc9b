package io.camsearch.train;

/**
 * How the demo network is trained.
 *
 * @param epochs passes over the training images
 * @param batchSize images per step
 * @param learningRate Adam's initial rate, decayed to a 1/100 of it along a cosine
 * @param scale the normalized-softmax inverse temperature
 * @param seed seeds weight initialization, shuffling and augmentation
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, float scale, int seed) {

    public static final TrainingConfig DEFAULT = new TrainingConfig(12, 64, 2e-3f, 16f, 1);

    public TrainingConfig {
        if (epochs < 1 || batchSize < 2 || !(learningRate > 0) || !(scale > 0)) {
            throw new IllegalArgumentException("training needs epochs >= 1, batchSize >= 2, learningRate > 0 and scale > 0; got "
                    + epochs + ", " + batchSize + ", " + learningRate + ", " + scale);
        }
    }
}
