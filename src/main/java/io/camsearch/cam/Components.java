package io.camsearch.cam;

import java.util.function.IntConsumer;

/** Connected components of marked cells on a row-major grid, 8-connected (edges and corners). */
final class Components {

    private Components() {}

    /**
     * Claims the 8-connected component of {@code seed} (marked in {@code unclaimed}), handing each
     * of its cells' row-major index to {@code visit}. An explicit stack ({@code pending}, large
     * enough for every cell) keeps maps of millions of cells from overflowing the call stack.
     */
    static void claim(int seed, boolean[] unclaimed, int[] pending, int height, int width, IntConsumer visit) {
        assert unclaimed[seed] : "cell " + seed + " is already claimed";
        unclaimed[seed] = false;
        pending[0] = seed;
        int stackSize = 1;
        while (stackSize > 0) {
            int cell = pending[--stackSize];
            int cy = cell / width;
            int cx = cell % width;
            visit.accept(cell);
            for (int ny = Math.max(cy - 1, 0); ny <= Math.min(cy + 1, height - 1); ny++) {
                for (int nx = Math.max(cx - 1, 0); nx <= Math.min(cx + 1, width - 1); nx++) {
                    int neighbour = ny * width + nx;
                    if (unclaimed[neighbour]) {
                        unclaimed[neighbour] = false;
                        pending[stackSize++] = neighbour;
                    }
                }
            }
        }
    }
}
