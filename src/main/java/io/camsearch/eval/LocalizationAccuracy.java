package io.camsearch.eval;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import java.util.List;

/**
 * The paper's weakly supervised localization accuracy: the fraction of images whose heatmap,
 * binarized at {@code t * max} by {@link Localizer}, gives a box with IoU at least
 * {@link Localizer#CORRECT_IOU} (0.5) with the ground truth. A heatmap with nothing positive
 * gives no box and counts as a miss.
 */
public final class LocalizationAccuracy {

    private LocalizationAccuracy() {}

    /**
     * One image to localize.
     *
     * @param heatmap the heatmap upsampled to the image's size, so that its boxes are in pixels
     * @param truth the ground-truth box in the same pixels
     */
    public record Sample(Grid heatmap, Box truth) {}

    /** The thresholds of the accuracy-against-threshold curve: 0.05, 0.10, ..., 0.40. */
    public static double[] curveThresholds() {
        return new double[] {0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40};
    }

    /** The accuracy at the paper's threshold {@link Localizer#DEFAULT_THRESHOLD} (0.2). */
    public static double atDefaultThreshold(List<Sample> samples) {
        return at(samples, Localizer.DEFAULT_THRESHOLD);
    }

    /**
     * @param threshold the fraction {@code t} of each heatmap's maximum, in (0, 1]
     * @return the fraction of samples localized correctly, in [0,1]
     * @throws IllegalArgumentException when there are no samples or the threshold is outside (0, 1]
     */
    public static double at(List<Sample> samples, double threshold) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to localize");
        }
        Localizer localizer = new Localizer(threshold);
        long correct = samples.stream()
                .filter(sample -> localizer.localize(sample.heatmap())
                        .filter(box -> Localizer.isCorrect(box, sample.truth()))
                        .isPresent())
                .count();
        return (double) correct / samples.size();
    }

    /**
     * The accuracy at each threshold, as a curve with x = threshold and y = accuracy.
     *
     * @param thresholds non-decreasing, each in (0, 1]
     */
    public static Curve curve(List<Sample> samples, double... thresholds) {
        double[] accuracies = new double[thresholds.length];
        for (int i = 0; i < thresholds.length; i++) {
            accuracies[i] = at(samples, thresholds[i]);
        }
        return new Curve(thresholds, accuracies);
    }
}
