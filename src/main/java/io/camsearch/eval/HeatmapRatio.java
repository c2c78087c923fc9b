package io.camsearch.eval;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;

/**
 * The paper's heatmap ratio for one image: the share of the heatmap's mass that lies on the
 * object, beside the same share for a uniform heatmap on the same image, the baseline a heatmap
 * must beat. Over a data set the paper reports both averaged over images.
 *
 * <p>With a soft mask of membership weights {@code m} in [0,1], the share is
 * {@code sum(h * m) / sum(h)}; a 0/1 mask or a box makes that the mass inside over the total
 * mass, and for the uniform heatmap it is the object's share of the image's area. A heatmap with
 * no mass scores 0: it points at nothing. Heatmaps must be non-negative (take the ReLU first).
 *
 * @param heatmapShare the share of the heatmap's mass on the object, in [0,1]
 * @param uniformShare the share a uniform heatmap would put there, in [0,1]
 */
public record HeatmapRatio(double heatmapShare, double uniformShare) {

    /** The shares inside a ground-truth box, clipped to the heatmap (see {@link Grid#shareOfMassInside}). */
    public static HeatmapRatio inBox(Grid heatmap, Box truth) {
        return new HeatmapRatio(heatmap.shareOfMassInside(truth), uniformLike(heatmap).shareOfMassInside(truth));
    }

    /**
     * The shares inside a segmentation mask.
     *
     * @param mask row-major like the heatmap's values, one flag per cell
     * @throws IllegalArgumentException when the mask's length is not the heatmap's cell count or
     *     the heatmap has a negative value
     */
    public static HeatmapRatio inMask(Grid heatmap, boolean[] mask) {
        float[] weights = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            weights[i] = mask[i] ? 1 : 0;
        }
        return inMask(heatmap, weights);
    }

    /**
     * The shares under a soft segmentation mask, such as CUB's annotator-averaged masks scaled
     * to [0,1].
     *
     * @param mask the same size as the heatmap, values in [0,1]
     * @throws IllegalArgumentException when the sizes differ, a mask value is outside [0,1] or the
     *     heatmap has a negative value
     */
    public static HeatmapRatio inMask(Grid heatmap, Grid mask) {
        if (mask.height() != heatmap.height() || mask.width() != heatmap.width()) {
            throw new IllegalArgumentException("a " + mask.height() + "x" + mask.width() + " mask for a "
                    + heatmap.height() + "x" + heatmap.width() + " heatmap");
        }
        return inMask(heatmap, mask.values());
    }

    private static HeatmapRatio inMask(Grid heatmap, float[] weights) {
        if (weights.length != heatmap.height() * heatmap.width()) {
            throw new IllegalArgumentException(
                    "a mask of " + weights.length + " cells for a heatmap of " + heatmap.height() * heatmap.width());
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && weights[i] <= 1)) {
                throw new IllegalArgumentException("mask value " + i + " is outside [0, 1]: " + weights[i]);
            }
        }
        return new HeatmapRatio(weightedShare(heatmap, weights), weightedShare(uniformLike(heatmap), weights));
    }

    private static double weightedShare(Grid heatmap, float[] weights) {
        if (heatmap.min() < 0) {
            throw new IllegalArgumentException("mass shares need a non-negative map, min is " + heatmap.min());
        }
        float[] values = heatmap.values();
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < values.length; i++) {
            total += values[i];
            weighted += (double) values[i] * weights[i];
        }
        return total == 0 ? 0 : weighted / total;
    }

    private static Grid uniformLike(Grid heatmap) {
        return Grid.filled(heatmap.height(), heatmap.width(), 1);
    }
}
