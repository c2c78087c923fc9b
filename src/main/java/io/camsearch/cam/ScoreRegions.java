package io.camsearch.cam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The regions of a signed map S that raise the score: the 8-connected components of its positive
 * cells (the same connectivity as {@link Localizer}), each with the sum of S over its cells.
 *
 * <p>For a global-average-pool -> linear head the cells of S add up to {@code y . p - b . p} (see
 * {@link CamBasis}), so a region's sum is exactly the part of that score its cells contribute, and
 * the regions together with the negative cells account for all of it. For any other head S is
 * built from the head's gradient at this image, and a region's sum is its part of the linearized
 * score {@code sum_ij (dy/dA_ij . p) A_ij}.
 *
 * <p>Found on the feature grid (a few hundred cells), so the cost does not depend on the image's size.
 */
public final class ScoreRegions {

    private ScoreRegions() {}

    /**
     * One region: its cells (row-major indices into the grid, ascending), their tight box in grid
     * cells, and the sum of S over them (positive).
     */
    public record Region(int[] cells, Box box, double sum) {
        public Region {
            assert sum > 0 : "a region of positive cells has a positive sum, got " + sum;
            cells = cells.clone();
        }

        @Override
        public int[] cells() {
            return cells.clone();
        }
    }

    /** Every positive region of {@code signed}, the largest sum first (ties: the first cell in row-major order first). */
    public static List<Region> of(Grid signed) {
        int height = signed.height();
        int width = signed.width();
        float[] values = signed.values();
        boolean[] unclaimed = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            unclaimed[i] = values[i] > 0;
        }
        int[] pending = new int[values.length];
        List<Region> regions = new ArrayList<>();
        for (int seed = 0; seed < values.length; seed++) {
            if (unclaimed[seed]) {
                regions.add(claim(seed, unclaimed, pending, values, height, width));
            }
        }
        regions.sort(Comparator.comparingDouble(Region::sum).reversed());
        return regions;
    }

    /** The 8-connected component of {@code seed}: its cells, their box and their sum. */
    private static Region claim(int seed, boolean[] unclaimed, int[] pending, float[] values, int height, int width) {
        List<Integer> cells = new ArrayList<>();
        Components.claim(seed, unclaimed, pending, height, width, cells::add);
        int[] sorted = cells.stream().mapToInt(Integer::intValue).sorted().toArray();
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        double sum = 0;
        for (int cell : sorted) {
            minX = Math.min(minX, cell % width);
            maxX = Math.max(maxX, cell % width);
            minY = Math.min(minY, cell / width);
            maxY = Math.max(maxY, cell / width);
            sum += values[cell];
        }
        return new Region(sorted, new Box(minX, minY, maxX - minX + 1, maxY - minY + 1), sum);
    }
}
