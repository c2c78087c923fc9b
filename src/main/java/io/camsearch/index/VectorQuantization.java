package io.camsearch.index;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104ScalarQuantizedVectorsFormat.ScalarEncoding;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How the HNSW graph stores the vectors it walks: Lucene's own formats, each a trade of bytes
 * (and so memory a search touches) against the precision of the scores the graph is searched
 * with. Every quantized format also keeps the float vectors, which the index uses to rescore the
 * candidates a search collects ({@link HnswSettings#oversample()}), so a hit's score is always the
 * exact cosine; only which candidates are found depends on the quantization. bench-index measures
 * recall, latency, disk and memory of each (src/site/markdown/benchmarks.md).
 *
 * <p>The quantized ones are all Lucene 10.4's optimized scalar quantizer (OSQ) at different bit
 * widths: per vector it fits the interval that minimizes the quantization error and stores a few
 * corrective terms, where Lucene 10.3's int8/int4 used one static interval per segment. At 1M
 * clustered vectors that static interval gave int8 a recall@10 of 0.83 at 100 candidates
 * (benchmarks.md), below int4's.
 */
public enum VectorQuantization {

    /** 32-bit floats: 4 bytes a dimension. */
    NONE("none"),
    /** 8 bits, one byte a dimension. */
    INT8("int8"),
    /** 4 bits, two dimensions a byte. */
    INT4("int4"),
    /** One bit a dimension, searched with 4-bit queries (Lucene's BBQ). */
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

    /**
     * The Lucene format that writes graphs of {@code maxConnections} and {@code beamWidth} this way,
     * merging each graph with {@code mergeWorkers} tasks on {@code mergeExecutor} (null, and only
     * null, for one worker: Lucene refuses an executor it would not use).
     */
    KnnVectorsFormat format(int maxConnections, int beamWidth, int mergeWorkers, ExecutorService mergeExecutor) {
        assert (mergeWorkers == 1) == (mergeExecutor == null) : mergeWorkers + " merge workers with executor " + mergeExecutor;
        return switch (this) {
            case NONE -> new Lucene99HnswVectorsFormat(maxConnections, beamWidth, mergeWorkers, mergeExecutor);
            case INT8 -> quantized(ScalarEncoding.UNSIGNED_BYTE, maxConnections, beamWidth, mergeWorkers, mergeExecutor);
            case INT4 -> quantized(ScalarEncoding.PACKED_NIBBLE, maxConnections, beamWidth, mergeWorkers, mergeExecutor);
            case BINARY -> quantized(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, maxConnections, beamWidth, mergeWorkers, mergeExecutor);
        };
    }

    private static KnnVectorsFormat quantized(ScalarEncoding encoding, int maxConnections, int beamWidth, int mergeWorkers,
                                              ExecutorService mergeExecutor) {
        return new Lucene104HnswScalarQuantizedVectorsFormat(encoding, maxConnections, beamWidth, mergeWorkers, mergeExecutor);
    }
}
