package io.camsearch.cam;

import java.util.Optional;

/**
 * One heatmap, in every form a user reads: the signed map S (h x w, before the ReLU), the raw
 * heatmap ReLU(S) on the feature grid, the heatmap normalized to [0, 1] and upsampled to the
 * original image, and the localized box on that image.
 *
 * <p>For a global-average-pool -> linear head the signed cells add up to {@code y . p - b . p}, so
 * {@link #shareOfScore} reads each cell as that region's share of the similarity.
 *
 * @param signedMap S, h x w
 * @param heatmap ReLU(S), h x w, not normalized
 * @param imageMap ReLU(S) normalized to [0, 1], bilinearly upsampled to the image size
 * @param box the tight box of the largest connected region above {@code threshold x max}, empty
 *     when nothing in the image supports the proxy
 */
public record Explanation(Grid signedMap, Grid heatmap, Grid imageMap, Optional<Box> box) {

    /** The heatmap of a signed map over an image of the given size, localized at {@code threshold}. */
    public static Explanation of(Grid signedMap, int imageWidth, int imageHeight, double threshold) {
        Grid heatmap = signedMap.relu();
        Grid imageMap = heatmap.normalized().upsampleBilinear(imageHeight, imageWidth);
        return new Explanation(signedMap, heatmap, imageMap, new Localizer(threshold).localize(imageMap));
    }

    /** S divided by its sum: each cell's share of the explained score (meaningful when the sum is positive). */
    public Grid shareOfScore() {
        double total = signedMap.sum();
        float[] shares = signedMap.values();
        for (int i = 0; i < shares.length; i++) {
            shares[i] = (float) (shares[i] / total);
        }
        return new Grid(signedMap.height(), signedMap.width(), shares);
    }
}
