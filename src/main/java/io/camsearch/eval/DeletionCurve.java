package io.camsearch.eval;

import io.camsearch.cam.Grid;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The deletion metric of faithfulness: blank an image's cells (heatmap cells or pixels) in the
 * order a heatmap ranks them, most heated first, and watch the similarity fall. A faithful
 * heatmap makes it fall fast, so its curve has a smaller area than that of a random order.
 *
 * <p>With {@code n} cells and {@code k} steps, step {@code i} blanks the first
 * {@code floor(i n / k)} cells of the order: step 0 blanks none and step {@code k} all. The curve
 * has {@code x = blanked / n} and {@code y = score_i / score_0}; its {@link Curve#area()} over x
 * in [0,1] is the deletion score. Scores are taken relative to step 0 so that every image's
 * curve starts at 1 and a mean over images weighs each image alike, whatever its pair's
 * similarity; the heatmap's order and a random order on the same image share that denominator,
 * so dividing by it cannot change which of the two falls faster.
 *
 * <p>This class holds only the order, the steps and the area; the caller's {@link Scorer}
 * blanks the image and re-embeds it.
 */
public final class DeletionCurve {

    /** 0%, 5%, ..., 100%. */
    public static final int DEFAULT_STEPS = 20;

    /** The similarity after blanking some cells, computed by the caller. */
    @FunctionalInterface
    public interface Scorer {
        /**
         * @param blankedCells one flag per cell, {@code true} for the cells to blank; a fresh
         *     array each call, free to keep
         */
        double score(boolean[] blankedCells);
    }

    private final int steps;

    /** @throws IllegalArgumentException when {@code steps} is below 1 */
    public DeletionCurve(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a deletion curve needs at least one step, got " + steps);
        }
        this.steps = steps;
    }

    /** {@link #DEFAULT_STEPS} steps. */
    public DeletionCurve() {
        this(DEFAULT_STEPS);
    }

    /**
     * Scores the image {@code steps + 1} times, blanking ever more of {@code order}.
     *
     * @param order every cell index {@code 0 .. n-1} once, the first to blank first
     * @return the relative scores against the blanked fraction
     * @throws IllegalArgumentException when {@code order} is not a permutation of
     *     {@code 0 .. n-1}, a score is not finite or the unblanked score is not positive (a
     *     pair with no similarity to begin with has nothing to delete)
     */
    public Curve measure(int[] order, Scorer scorer) {
        requirePermutation(order);
        int cells = order.length;
        boolean[] blanked = new boolean[cells];
        double[] fractions = new double[steps + 1];
        double[] relativeScores = new double[steps + 1];
        double unblankedScore = 0;
        int blankedSoFar = 0;
        for (int step = 0; step <= steps; step++) {
            int target = (int) ((long) step * cells / steps);
            for (; blankedSoFar < target; blankedSoFar++) {
                blanked[order[blankedSoFar]] = true;
            }
            double score = scorer.score(blanked.clone());
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("the score after blanking " + target + " cells is " + score);
            }
            if (step == 0) {
                if (!(score > 0)) {
                    throw new IllegalArgumentException(
                            "the unblanked score must be positive to measure its fall, got " + score);
                }
                unblankedScore = score;
            }
            fractions[step] = (double) target / cells;
            relativeScores[step] = score / unblankedScore;
        }
        return new Curve(fractions, relativeScores);
    }

    /** The cells of {@code heatmap} in row-major index, hottest first; equal values (0 and -0 too) keep row-major order. */
    public static int[] hottestFirst(Grid heatmap) {
        return ValueOrder.descending(heatmap.values());
    }

    /**
     * A uniformly random order of {@code cells} cells, the baseline a heatmap's order must beat.
     * A Fisher-Yates shuffle driven by {@link Random}, whose generator the JDK specifies, so a
     * seed gives the same order on every JDK.
     */
    public static int[] randomOrder(int cells, long seed) {
        if (cells < 1) {
            throw new IllegalArgumentException("an order needs at least one cell, got " + cells);
        }
        int[] order = IntStream.range(0, cells).toArray();
        Random random = new Random(seed);
        for (int i = cells - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swapped = order[i];
            order[i] = order[j];
            order[j] = swapped;
        }
        return order;
    }

    private static void requirePermutation(int[] order) {
        if (order.length == 0) {
            throw new IllegalArgumentException("an order needs at least one cell");
        }
        boolean[] seen = new boolean[order.length];
        for (int cell : order) {
            if (cell < 0 || cell >= order.length || seen[cell]) {
                throw new IllegalArgumentException("the order must hold each of 0.." + (order.length - 1)
                        + " once; " + cell + " is out of range or repeated");
            }
            seen[cell] = true;
        }
    }
}
