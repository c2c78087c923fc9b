package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.cam.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecallAtKTest {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    /**
     * Unit vectors at these angles (degrees), so the cosine order is the order of angular
     * distance. Per query, neighbours nearest first:
     * <pre>
     * 0 (  0, A): 1 B(10)  2 A(30)                        -> rank 2
     * 1 ( 10, B): 0 A(10)  2 A(20)  3 B(80)               -> rank 3
     * 2 ( 30, A): 1 B(20)  0 A(30)                        -> rank 2
     * 3 ( 90, B): 4 C(10)  2 A(60)  1 B(80)               -> rank 3
     * 4 (100, C): no other C                              -> never
     * 5 (180, A): 6 A(5)                                  -> rank 1
     * 6 (185, A): 5 A(5)                                  -> rank 1
     * </pre>
     */
    private static final double[] ANGLES = {0, 10, 30, 90, 100, 180, 185};
    private static final int[] LABELS = {A, B, A, B, C, A, A};

    @Test
    void ranksOfTheNearestSameClassNeighbourMatchTheHandListedNeighbours() {
        assertArrayEquals(new int[] {2, 3, 2, 3, RecallAtK.NO_SAME_CLASS, 1, 1},
                RecallAtK.nearestSameClassRanks(onCircle(ANGLES), LABELS));
    }

    @Test
    void recallAtSeveralKFromTheListedRanks() {
        Map<Integer, Double> recalls = RecallAtK.compute(onCircle(ANGLES), LABELS, 1, 2, 3, 4);

        assertEquals(List.of(1, 2, 3, 4), List.copyOf(recalls.keySet()));
        assertEquals(2.0 / 7, recalls.get(1), 0);
        assertEquals(4.0 / 7, recalls.get(2), 0);
        assertEquals(6.0 / 7, recalls.get(3), 0);
        assertEquals(6.0 / 7, recalls.get(4), 0);
    }

    @Test
    void kBeyondTheClassAndTheSetStillMissesTheQueryWithoutClassmates() {
        // Every neighbour is within K = 100, yet item 4 has no other C and counts as a miss.
        assertEquals(6.0 / 7, RecallAtK.compute(onCircle(ANGLES), LABELS, 100).get(100), 0);
    }

    @Test
    void aQueryWithNoSameClassItemScoresZero() {
        float[][] embeddings = {{1, 0}, {0, 1}, {1, 1}};

        assertEquals(0.0, RecallAtK.compute(embeddings, new int[] {A, B, C}, 1, 2).get(2), 0);
    }

    @Test
    void tiesWithAnotherClassCountAgainstTheQuery() {
        // (3, 0) and (5, 0) normalize to (1, 0) exactly: items 0, 1 and 2 are all at cosine 1 to
        // each other, so for 0 and 2 the B item ties with their classmate and ranks ahead of it.
        // (0, 1) is orthogonal to all three: its nearest classmates are at cosine 0, and so is
        // the B item, a tie again.
        float[][] embeddings = {{1, 0}, {3, 0}, {5, 0}, {0, 1}};
        int[] labels = {A, B, A, A};

        assertArrayEquals(new int[] {2, RecallAtK.NO_SAME_CLASS, 2, 2},
                RecallAtK.nearestSameClassRanks(embeddings, labels));
        assertEquals(0.0, RecallAtK.compute(embeddings, labels, 1).get(1), 0);
    }

    @Test
    void theBlockedPassRanksLikeSortingEveryNeighbourList() {
        // 1100 items cross both the 64-query blocks and the 1024-item tiles with remainders.
        Random random = new Random(7);
        int n = 1100;
        float[][] embeddings = new float[n][19];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 19; k++) {
                embeddings[i][k] = (float) random.nextGaussian();
            }
            labels[i] = random.nextInt(60);
        }

        assertArrayEquals(ranksBySorting(embeddings, labels), RecallAtK.nearestSameClassRanks(embeddings, labels));
    }

    @Test
    void malformedInputIsRefused() {
        float[][] two = {{1, 0}, {0, 1}};
        assertThrows(IllegalArgumentException.class, () -> RecallAtK.compute(two, new int[] {A}, 1));
        assertThrows(IllegalArgumentException.class, () -> RecallAtK.compute(two, new int[] {A, A}, 0));
        assertThrows(IllegalArgumentException.class, () -> RecallAtK.compute(two, new int[] {A, A}));
        assertThrows(IllegalArgumentException.class,
                () -> RecallAtK.compute(new float[][] {{1, 0}, {0, 0}}, new int[] {A, A}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RecallAtK.compute(new float[][] {{1, 0}, {1}}, new int[] {A, A}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RecallAtK.compute(new float[][] {{1, 0}}, new int[] {A}, 1));
    }

    private static float[][] onCircle(double... degrees) {
        float[][] points = new float[degrees.length][];
        for (int i = 0; i < degrees.length; i++) {
            double radians = Math.toRadians(degrees[i]);
            points[i] = new float[] {(float) Math.cos(radians), (float) Math.sin(radians)};
        }
        return points;
    }

    /**
     * The definition spelled out: sort the other items by similarity, most similar first and,
     * among equals, other classes first; the rank is the position of the first classmate. The
     * similarity is the same float sum in dimension order as the blocked pass.
     */
    private static int[] ranksBySorting(float[][] embeddings, int[] labels) {
        float[][] unit = new float[embeddings.length][];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = Vectors.normalized(embeddings[i]);
        }
        int[] ranks = new int[unit.length];
        for (int query = 0; query < unit.length; query++) {
            int label = labels[query];
            float[] similarity = new float[unit.length];
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < unit.length; j++) {
                for (int k = 0; k < unit[j].length; k++) {
                    similarity[j] += unit[query][k] * unit[j][k];
                }
                if (j != query) {
                    others.add(j);
                }
            }
            others.sort(Comparator.<Integer>comparingDouble(j -> -similarity[j])
                    .thenComparing(j -> labels[j] == label));
            ranks[query] = RecallAtK.NO_SAME_CLASS;
            for (int position = 0; position < others.size(); position++) {
                if (labels[others.get(position)] == label) {
                    ranks[query] = position + 1;
                    break;
                }
            }
        }
        return ranks;
    }
}
