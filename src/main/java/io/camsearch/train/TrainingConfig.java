package io.camsearch.train;

/**
 * How the demo network is trained.
 *
 * @param epochs passes over the training images
 * @param batchSize images per step
 * @param learningRate Adam's initial rate, decayed to a 1/100 of it along a cosine
 * @param scale the normalized-softmax inverse temperature
 * @param seed seeds weight initialization, shuffling and augmentation
 * @param sparsity lambda of the L1 penalty lambda * mean(A) on the last feature map, 0 for none:
 *     background cells whose activations carry no class evidence are pushed to zero, so that
 *     heatmaps (sums of those activations) put less mass outside the object
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, float scale, int seed, float sparsity) {

    /** The configuration of the shipped demo weights. */
    public static final TrainingConfig DEFAULT = new TrainingConfig(20, 64, 2e-3f, 16f, 1, 0.15f);

    public TrainingConfig {
        if (epochs < 1 || batchSize < 2 || !(learningRate > 0) || !(scale > 0) || sparsity < 0) {
            throw new IllegalArgumentException("training needs epochs >= 1, batchSize >= 2, learningRate > 0, scale > 0 and sparsity >= 0; got "
                    + epochs + ", " + batchSize + ", " + learningRate + ", " + scale + ", " + sparsity);
        }
    }
}
