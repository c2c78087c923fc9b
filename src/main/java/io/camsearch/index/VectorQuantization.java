package io.camsearch.index;

import java.util.Arrays;
import java.util.Locale;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene102.Lucene102HnswBinaryQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How the HNSW graph stores the vectors it walks: Lucene's own formats, each a trade of bytes
 * (and so memory a search touches) against the precision of the scores the graph is searched
 * with. Every quantized format also keeps the float vectors, which the index uses to rescore the
 * candidates a search collects ({@link HnswSettings#oversample()}), so a hit's score is always the
 * exact cosine; only which candidates are found depends on the quantization. bench-index measures
 * recall, latency, disk and memory of each (src/site/markdown/benchmarks.md).
 */
public enum VectorQuantization {

    /** 32-bit floats: 4 bytes a dimension. */
    NONE("none"),
    /** Scalar quantization to 7 bits, one byte a dimension (Lucene's int8). */
    INT8("int8"),
    /** Scalar quantization to 4 bits, two dimensions a byte. */
    INT4("int4"),
    /** Binary quantization (Lucene's BBQ): one bit a dimension plus per-vector corrections. */
    BINARY("binary");

    private final String label;

    VectorQuantization(String label) {
        this.label = label;
    }

    /** The name in configuration and reports. */
    public String label() {
        return label;
    }

    /** Reads a {@link #label()}, with an error that lists the ones there are. */
    public static VectorQuantization parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (VectorQuantization q : values()) {
            if (q.label.equals(wanted)) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown vector quantization '" + text + "'; use one of "
                + Arrays.stream(values()).map(VectorQuantization::label).toList());
    }

    /** The Lucene format that writes graphs of {@code maxConnections} and {@code beamWidth} this way. */
    KnnVectorsFormat format(int maxConnections, int beamWidth) {
        return switch (this) {
            case NONE -> new Lucene99HnswVectorsFormat(maxConnections, beamWidth);
            // 7 bits rather than 8: Lucene's int8 scorer keeps the sign bit free so that its SIMD
            // dot product cannot overflow; a null confidence interval lets Lucene pick it per segment.
            case INT8 -> new Lucene99HnswScalarQuantizedVectorsFormat(maxConnections, beamWidth, 1, 7, false, null, null);
            case INT4 -> new Lucene99HnswScalarQuantizedVectorsFormat(maxConnections, beamWidth, 1, 4, true, null, null);
            case BINARY -> new Lucene102HnswBinaryQuantizedVectorsFormat(maxConnections, beamWidth, 1, null);
        };
    }
}
