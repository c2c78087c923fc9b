package io.camsearch.index;

import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How the catalog's HNSW graph is built and searched; each setting trades speed for recall against
 * exact search.
 *
 * @param maxConnections M: the neighbours each node keeps per graph layer (Lucene's {@code
 *     maxConn}; bottom layer 2M). More: a better connected graph, higher recall at the same
 *     candidates, a larger index and slower inserts.
 * @param beamWidth the candidates kept while inserting a node (efConstruction): more, better
 *     chosen neighbours and slower inserts.
 * @param candidates the nearest candidates a search collects before it keeps the top k
 *     (efSearch, at least k): more, higher recall and slower queries. Only this and {@code
 *     oversample} can change for an existing index; the others shape graphs as they are written
 *     (and merged), and segments written with other settings stay readable.
 * @param quantization how the graph stores vectors ({@link VectorQuantization}).
 * @param oversample with a quantized graph, a search collects {@code candidates x oversample}
 *     candidates by quantized score and rescores them with the float vectors (keeping the best
 *     {@code candidates}): more, recall lost to quantization won back, at the cost of reading more
 *     float vectors. Ignored without quantization (the graph's scores are exact then).
 * @param mergeWorkers threads that build one merged segment's graph together. 1 (Lucene's
 *     default): each merge on its own merge thread, joining the smaller segments' graphs into the
 *     largest's, so that merges during ingestion leave the other cores to the model. More: Lucene's
 *     concurrent merge, which inserts every node of all but the largest segment again, on this
 *     many threads: more work in all, less time when the cores are idle (merging a bulk load into
 *     one segment is most of the time a million items take to index, benchmarks.md). The graphs
 *     differ, their recall does not (MergeWorkersTest, benchmarks.md).
 */
public record HnswSettings(int maxConnections, int beamWidth, int candidates, VectorQuantization quantization, double oversample,
                           int mergeWorkers) {

    // The defaults live here, not only in the service's configuration mapping, because bench-index
    // (a command-line tool, no service) measures against them too; CamsearchConfig's @WithDefault
    // names these constants, so each number is written once. bench-index chose them: the best
    // recall for its speed (src/site/markdown/benchmarks.md).
    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    public static final int DEFAULT_BEAM_WIDTH = 200;
    public static final int DEFAULT_CANDIDATES = 200;
    public static final String DEFAULT_QUANTIZATION = "none";
    public static final double DEFAULT_OVERSAMPLE = 2.0;
    public static final int DEFAULT_MERGE_WORKERS = 1;
    /** More threads than this would only wait for the graph's node locks. */
    public static final int MAX_MERGE_WORKERS = 64;
    /** More would read more float vectors per search than a graph walk is worth. */
    public static final double MAX_OVERSAMPLE = 10.0;

    /** The service's graph unless {@code camsearch.index.hnsw.*} says otherwise. */
    public static final HnswSettings DEFAULT = new HnswSettings(DEFAULT_MAX_CONNECTIONS, DEFAULT_BEAM_WIDTH, DEFAULT_CANDIDATES,
            VectorQuantization.parse(DEFAULT_QUANTIZATION), DEFAULT_OVERSAMPLE, DEFAULT_MERGE_WORKERS);

    public HnswSettings {
        if (maxConnections < 1 || maxConnections > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
            throw new IllegalArgumentException("HNSW max connections (M) must be in [1, " + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN
                    + "], got " + maxConnections);
        }
        if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
            throw new IllegalArgumentException("HNSW beam width must be in [1, " + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH
                    + "], got " + beamWidth);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("HNSW candidates must be >= 1, got " + candidates);
        }
        if (quantization == null) {
            throw new IllegalArgumentException("HNSW vector quantization must be given (none for float vectors)");
        }
        if (!(oversample >= 1.0 && oversample <= MAX_OVERSAMPLE)) {
            throw new IllegalArgumentException("HNSW oversample must be in [1, " + MAX_OVERSAMPLE + "], got " + oversample);
        }
        if (mergeWorkers < 1 || mergeWorkers > MAX_MERGE_WORKERS) {
            throw new IllegalArgumentException("HNSW merge workers must be in [1, " + MAX_MERGE_WORKERS + "], got " + mergeWorkers);
        }
    }

    /** How many candidates the graph walk collects for a search of {@code k}: quantized graphs collect more, to rescore. */
    public int graphCandidates(int k) {
        int kept = Math.max(k, candidates);
        return quantization == VectorQuantization.NONE ? kept : (int) Math.ceil(kept * oversample);
    }

    public HnswSettings withMaxConnections(int maxConnections) {
        return new HnswSettings(maxConnections, beamWidth, candidates, quantization, oversample, mergeWorkers);
    }

    public HnswSettings withBeamWidth(int beamWidth) {
        return new HnswSettings(maxConnections, beamWidth, candidates, quantization, oversample, mergeWorkers);
    }

    public HnswSettings withCandidates(int candidates) {
        return new HnswSettings(maxConnections, beamWidth, candidates, quantization, oversample, mergeWorkers);
    }

    public HnswSettings withQuantization(VectorQuantization quantization, double oversample) {
        return new HnswSettings(maxConnections, beamWidth, candidates, quantization, oversample, mergeWorkers);
    }

    public HnswSettings withMergeWorkers(int mergeWorkers) {
        return new HnswSettings(maxConnections, beamWidth, candidates, quantization, oversample, mergeWorkers);
    }
}
