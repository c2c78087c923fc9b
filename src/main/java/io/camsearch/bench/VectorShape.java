package io.camsearch.bench;

import java.util.Arrays;
import java.util.Locale;

/** The two kinds of synthetic catalog bench-index builds: like real embeddings, and the worst case. */
public enum VectorShape {

    /**
     * Shaped like a trained network's embeddings: items gather around class centres (a thousand
     * items a class at a million), and the variance falls off across dimensions (a power-law
     * spectrum, as PCA of real embeddings shows), so most of the signal lives in a few directions.
     */
    CLUSTERED("clustered"),
    /** Isotropic Gaussian: no structure at all, the hardest case for a graph index. */
    GAUSSIAN("gaussian");

    private final String label;

    VectorShape(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static VectorShape parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (VectorShape shape : values()) {
            if (shape.label.equals(wanted)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("unknown vector shape '" + text + "'; use one of "
                + Arrays.stream(values()).map(VectorShape::label).toList());
    }
}
