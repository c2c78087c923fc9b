package io.camsearch.cam;

import java.util.Arrays;
import java.util.Collection;

/**
 * The vector p that says which concept a heatmap explains: EmbeddingCAM differentiates {@code L =
 * y . p}. Only p's direction matters for a normalized heatmap (scaling p by c > 0 scales every
 * channel weight by c), so proxies may be raw or unit-length embeddings.
 *
 * @param vector p, length d
 */
public record Proxy(float[] vector) {

    public Proxy {
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("a proxy needs a non-empty vector");
        }
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("proxy values must be finite, got " + v);
            }
        }
        vector = vector.clone();
    }

    /** One image's own embedding: "what makes an image similar to this one". */
    public static Proxy singlePoint(float[] embedding) {
        return new Proxy(embedding);
    }

    /**
     * The normalized mean proxy of a set of images, {@code p = normalize(mean_j normalize(y_j))}:
     * each member counts equally whatever its embedding's norm.
     */
    public static Proxy normalizedMean(Collection<float[]> embeddings) {
        if (embeddings.isEmpty()) {
            throw new IllegalArgumentException("a mean proxy needs at least one embedding");
        }
        int dim = embeddings.iterator().next().length;
        float[] sum = new float[dim];
        for (float[] embedding : embeddings) {
            if (embedding.length != dim) {
                throw new IllegalArgumentException("embeddings of different lengths: " + dim + " and " + embedding.length);
            }
            float[] unit = Vectors.normalized(embedding);
            for (int i = 0; i < dim; i++) {
                sum[i] += unit[i];
            }
        }
        return new Proxy(Vectors.normalized(sum));
    }

    /** The unit vector e_index: on a classifier, L is that class's score and EmbeddingCAM is Grad-CAM. */
    public static Proxy oneHot(int dim, int index) {
        if (index < 0 || index >= dim) {
            throw new IllegalArgumentException("one-hot index " + index + " is outside 0.." + (dim - 1));
        }
        float[] vector = new float[dim];
        vector[index] = 1f;
        return new Proxy(vector);
    }

    public int dim() {
        return vector.length;
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** p's values without a copy, for the loops in this package. */
    float[] values() {
        return vector;
    }

    void requireDim(int dim) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("proxy has " + vector.length + " values, the model's embeddings have " + dim);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proxy other && Arrays.equals(vector, other.vector);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Proxy" + Arrays.toString(vector);
    }
}
