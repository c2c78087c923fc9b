package io.camsearch.search;

import io.camsearch.cam.Vectors;
import java.util.List;

/**
 * The query vector of "more like these, less like those": Rocchio's rule on unit embeddings,
 * {@code q = normalize(mean(pos) - BETA * mean(neg))} with each mean taken over unit vectors.
 *
 * <p>Why this rule: it is one vector, so the answer is an ordinary HNSW search (filters, k and
 * speed as for any search) and the hits' scores are plain cosines to q. With {@code BETA = 0.5} its
 * direction is exactly that of Qdrant's {@code average_vector} strategy ({@code 2 mean(pos) -
 * mean(neg)} = 2 (mean(pos) - 0.5 mean(neg))), and only the direction matters for cosine search,
 * so callers who know that engine get the same behaviour. Scoring strategies that compare every
 * candidate with every example (Qdrant's best_score) would need a custom HNSW objective, for a
 * benefit (disjoint positive clusters) a shop's "more like these" rarely needs. With no negatives,
 * q is the positives' normalized mean: the same vector as the concept proxy of {@code /explain}.
 */
public final class Recommendation {

    /** How strongly the negatives push away, relative to the positives' pull (Rocchio's beta / alpha). */
    public static final float BETA = 0.5f;

    /** Below this length, q before normalizing says no direction: the negatives cancel the positives. */
    private static final double MIN_LENGTH = 1e-6;

    private Recommendation() {}

    /** The query for these examples; at least one positive, negatives optional. */
    public static float[] query(List<float[]> positives, List<float[]> negatives) {
        if (positives.isEmpty()) {
            throw new InvalidSearchException("a recommendation needs at least one positive example (an item id or an image)");
        }
        float[] q = unitMean(positives);
        if (!negatives.isEmpty()) {
            float[] away = unitMean(negatives);
            if (away.length != q.length) {
                throw new InvalidSearchException("the examples' embeddings differ in length: " + q.length + " and " + away.length);
            }
            for (int i = 0; i < q.length; i++) {
                q[i] -= BETA * away[i];
            }
        }
        if (Math.sqrt(Vectors.dot(q, q)) < MIN_LENGTH) {
            throw new InvalidSearchException("the negative examples cancel the positive ones: no direction is left to search in");
        }
        return Vectors.normalized(q);
    }

    /** The mean of the vectors made unit length, so that each example counts equally whatever its norm. */
    private static float[] unitMean(List<float[]> vectors) {
        int dim = vectors.get(0).length;
        float[] sum = new float[dim];
        for (float[] vector : vectors) {
            if (vector.length != dim) {
                throw new InvalidSearchException("the examples' embeddings differ in length: " + dim + " and " + vector.length);
            }
            float[] unit = Vectors.normalized(vector);
            for (int i = 0; i < dim; i++) {
                sum[i] += unit[i] / vectors.size();
            }
        }
        return sum;
    }
}
