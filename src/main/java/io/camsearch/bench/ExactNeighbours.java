package io.camsearch.bench;

import io.camsearch.cam.Vectors;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * The true top k of every query by brute force, in one streaming pass over the catalog (generated
 * again block by block, never held): the recall every index configuration is measured against. A
 * second top k per query keeps only the items a filter allows.
 */
final class ExactNeighbours {

    private static final int BLOCK = 4096;

    private final int[][] all;
    private final int[][] filtered;

    private ExactNeighbours(int[][] all, int[][] filtered) {
        this.all = all;
        this.filtered = filtered;
    }

    /** Item numbers of the top k of query q, best first. */
    int[] top(int q) {
        return all[q];
    }

    /** Item numbers of the top k of query q among those {@code allowed}, best first. */
    int[] topFiltered(int q) {
        return filtered[q];
    }

    static ExactNeighbours compute(SyntheticVectors vectors, int items, float[][] queries, int k, IntPredicate allowed, int threads)
            throws InterruptedException {
        TopK[] all = new TopK[queries.length];
        TopK[] filtered = new TopK[queries.length];
        for (int q = 0; q < queries.length; q++) {
            all[q] = new TopK(k);
            filtered[q] = new TopK(k);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            float[][] block = new float[BLOCK][];
            for (int first = 0; first < items; first += BLOCK) {
                int n = Math.min(BLOCK, items - first);
                for (int i = 0; i < n; i++) {
                    block[i] = vectors.vector(first + i);
                }
                int start = first;
                Future<?>[] parts = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    int part = t;
                    parts[t] = pool.submit(() -> {
                        for (int q = part; q < queries.length; q += threads) {
                            for (int i = 0; i < n; i++) {
                                // Summed in double: the truth the index is measured against should not have float rounding of its own.
                                float score = (float) Vectors.dot(queries[q], block[i]);
                                all[q].offer(start + i, score);
                                if (allowed.test(start + i)) {
                                    filtered[q].offer(start + i, score);
                                }
                            }
                        }
                    });
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("exact search failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new ExactNeighbours(Arrays.stream(all).map(TopK::items).toArray(int[][]::new),
                Arrays.stream(filtered).map(TopK::items).toArray(int[][]::new));
    }

    /** The k best (item, score) pairs seen, kept sorted by insertion (k is small). */
    private static final class TopK {
        private final int[] items;
        private final float[] scores;
        private int size;

        TopK(int k) {
            items = new int[k];
            scores = new float[k];
        }

        void offer(int item, float score) {
            if (size == items.length && score <= scores[size - 1]) {
                return;
            }
            int at = size == items.length ? size - 1 : size++;
            while (at > 0 && scores[at - 1] < score) {
                items[at] = items[at - 1];
                scores[at] = scores[at - 1];
                at--;
            }
            items[at] = item;
            scores[at] = score;
        }

        int[] items() {
            return Arrays.copyOf(items, size);
        }
    }
}
