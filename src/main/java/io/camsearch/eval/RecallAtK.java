package io.camsearch.eval;

import io.camsearch.cam.Vectors;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * Recall@K for retrieval on held-out classes, as metric-learning papers report it: every item is
 * a query against all the others, neighbours are ranked by the cosine similarity of the
 * L2-normalized embeddings, the query itself excluded, and a query scores 1 at K when at least
 * one of its K nearest neighbours has its class. Recall@K is the mean over all queries; a query
 * whose class has no other item never scores.
 *
 * <p>Ties are counted against the query: an item of another class exactly as similar as the
 * nearest same-class item ranks ahead of it, so ties never flatter the score.
 *
 * <p>Similarities are float dot products summed in dimension order, so {@code sim(i, j)} and
 * {@code sim(j, i)} are the same float and exact duplicates tie exactly. The pass runs over
 * blocks of queries against tiles of items held dimension-major, which keeps both in cache and
 * lets the inner loop vectorize; it allocates {@code O(n d)} plus one block of similarities,
 * never {@code n x n}.
 */
public final class RecallAtK {

    /** The rank of a query whose class has no other item. */
    public static final int NO_SAME_CLASS = Integer.MAX_VALUE;

    private static final int QUERY_BLOCK = 64;
    private static final int ITEM_TILE = 1024;

    private RecallAtK() {}

    /**
     * Recall@K for every K, from one similarity pass.
     *
     * @param embeddings one row per item, all of the same positive length, none zero
     * @param labels the class of each item
     * @param ks each at least 1; K beyond {@code n - 1} is allowed and counts every neighbour
     * @return Recall@K in [0,1] for each K, in the order given
     * @throws IllegalArgumentException on malformed input (see also {@link #nearestSameClassRanks})
     */
    public static SequencedMap<Integer, Double> compute(float[][] embeddings, int[] labels, int... ks) {
        if (ks.length == 0) {
            throw new IllegalArgumentException("no K given");
        }
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("K must be at least 1, got " + k);
            }
        }
        int[] ranks = nearestSameClassRanks(embeddings, labels);
        SequencedMap<Integer, Double> recalls = new LinkedHashMap<>();
        for (int k : ks) {
            long hits = 0;
            for (int rank : ranks) {
                if (rank <= k) {
                    hits++;
                }
            }
            recalls.put(k, (double) hits / ranks.length);
        }
        return Collections.unmodifiableSequencedMap(recalls);
    }

    /**
     * For each query, the 1-based rank of its nearest same-class neighbour:
     * {@code 1 + #{j != i : label_j != label_i, sim(i, j) >= s}} where {@code s} is the largest
     * similarity to an item of its class; {@link #NO_SAME_CLASS} when there is none. The query
     * scores at K exactly when this rank is at most K.
     *
     * @throws IllegalArgumentException when there are fewer than two items, the label count
     *     differs, rows differ in length or are empty, or a row is zero or not finite
     */
    public static int[] nearestSameClassRanks(float[][] embeddings, int[] labels) {
        int n = embeddings.length;
        if (n < 2) {
            throw new IllegalArgumentException("retrieval needs at least two items, got " + n);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " embeddings but " + labels.length + " labels");
        }
        int d = embeddings[0].length;
        float[] rowMajor = new float[Math.multiplyExact(n, d)];
        float[] dimensionMajor = new float[rowMajor.length];
        for (int i = 0; i < n; i++) {
            if (embeddings[i].length != d || d == 0) {
                throw new IllegalArgumentException("embedding " + i + " has length " + embeddings[i].length
                        + ", the first has " + d);
            }
            float[] unit = Vectors.normalized(embeddings[i]);
            System.arraycopy(unit, 0, rowMajor, i * d, d);
            for (int k = 0; k < d; k++) {
                dimensionMajor[k * n + i] = unit[k];
            }
        }

        int[] ranks = new int[n];
        float[] similarities = new float[Math.multiplyExact(Math.min(QUERY_BLOCK, n), n)];
        for (int first = 0; first < n; first += QUERY_BLOCK) {
            int queries = Math.min(QUERY_BLOCK, n - first);
            similarityBlock(rowMajor, dimensionMajor, n, d, first, queries, similarities);
            for (int q = 0; q < queries; q++) {
                ranks[first + q] = rankOfNearestSameClass(first + q, similarities, q * n, labels);
            }
        }
        return ranks;
    }

    /** Rows {@code first .. first + queries - 1} of the similarity matrix into {@code out}, one row of n each. */
    private static void similarityBlock(float[] rowMajor, float[] dimensionMajor, int n, int d, int first,
            int queries, float[] out) {
        Arrays.fill(out, 0, queries * n, 0f);
        for (int tileStart = 0; tileStart < n; tileStart += ITEM_TILE) {
            int tileEnd = Math.min(tileStart + ITEM_TILE, n);
            for (int q = 0; q < queries; q++) {
                int queryStart = (first + q) * d;
                int outStart = q * n;
                for (int k = 0; k < d; k++) {
                    float queryValue = rowMajor[queryStart + k];
                    int dimensionStart = k * n;
                    for (int j = tileStart; j < tileEnd; j++) {
                        out[outStart + j] += queryValue * dimensionMajor[dimensionStart + j];
                    }
                }
            }
        }
    }

    private static int rankOfNearestSameClass(int query, float[] similarities, int rowStart, int[] labels) {
        int label = labels[query];
        float nearest = Float.NEGATIVE_INFINITY;
        boolean found = false;
        for (int j = 0; j < labels.length; j++) {
            if (j != query && labels[j] == label) {
                nearest = Math.max(nearest, similarities[rowStart + j]);
                found = true;
            }
        }
        if (!found) {
            return NO_SAME_CLASS;
        }
        int ahead = 0;
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] != label && similarities[rowStart + j] >= nearest) {
                ahead++;
            }
        }
        return ahead + 1;
    }
}
