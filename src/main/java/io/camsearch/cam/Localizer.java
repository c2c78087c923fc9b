package io.camsearch.cam;

import java.util.Optional;

/**
 * Weakly supervised localization as evaluated in the paper: binarize the heatmap at
 * {@code t * max}, take the largest connected region, and return its tight bounding box.
 *
 * <ul>
 *   <li>A cell is in when its value is {@code >= t * max} (the product rounded to float, the
 *       map's precision). Only maps with a positive maximum are localized, so every cell that is
 *       in is positive.
 *   <li>Cells are connected through their 8 neighbours (edges and corners).
 *   <li>Among equally large components, the one whose first cell comes first in row-major order
 *       wins.
 * </ul>
 *
 * The box is in the map's own cell units; localize the map upsampled to the image's size
 * ({@link Grid#upsampleBilinear}) to get image pixels.
 */
public final class Localizer {

    /** The paper's binarization threshold, as a fraction of the map's maximum. */
    public static final double DEFAULT_THRESHOLD = 0.2;

    /** The paper's criterion: a predicted box is correct when its IoU with the truth is at least this. */
    public static final double CORRECT_IOU = 0.5;

    private final double threshold;

    /**
     * @param threshold the fraction {@code t} of the maximum, in (0, 1]
     * @throws IllegalArgumentException when {@code t} is outside (0, 1] or NaN
     */
    public Localizer(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "the localization threshold is a fraction of the maximum in (0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    /** A localizer with the paper's {@link #DEFAULT_THRESHOLD}. */
    public Localizer() {
        this(DEFAULT_THRESHOLD);
    }

    /** Whether a predicted box counts as a correct localization of {@code truth} ({@link #CORRECT_IOU}). */
    public static boolean isCorrect(Box predicted, Box truth) {
        return predicted.iou(truth) >= CORRECT_IOU;
    }

    /** @return the box of the largest component, or empty when no value of the map is positive */
    public Optional<Box> localize(Grid heatmap) {
        float max = heatmap.max();
        if (max <= 0) {
            return Optional.empty();
        }
        int height = heatmap.height();
        int width = heatmap.width();
        float[] values = heatmap.values();
        // For a subnormal max, t * max can round to 0, which would let zero cells in.
        float cutoff = Math.max((float) (threshold * max), Float.MIN_VALUE);
        // Unclaimed foreground: a cell is cleared as soon as a component claims it.
        boolean[] unclaimed = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            unclaimed[i] = values[i] >= cutoff;
        }

        int[] pending = new int[values.length];
        Component largest = null;
        for (int seed = 0; seed < values.length; seed++) {
            if (unclaimed[seed]) {
                Component component = floodFill(seed, unclaimed, pending, height, width);
                if (largest == null || component.size > largest.size) {
                    largest = component;
                }
            }
        }
        return Optional.of(largest.box());
    }

    private static Component floodFill(int seed, boolean[] unclaimed, int[] pending, int height, int width) {
        Component component = new Component(seed % width, seed / width);
        Components.claim(seed, unclaimed, pending, height, width, cell -> component.add(cell % width, cell / width));
        return component;
    }

    /** A component's cell count and the inclusive extremes of its cells. */
    private static final class Component {
        private long size;
        private int minX;
        private int minY;
        private int maxX;
        private int maxY;

        Component(int x, int y) {
            minX = maxX = x;
            minY = maxY = y;
        }

        void add(int x, int y) {
            size++;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }

        Box box() {
            return new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
        }
    }
}
