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
 *     (efSearch, at least k): more, higher recall and slower queries. Only this one can change
 *     for an existing index; the other two shape graphs as they are written (and merged).
 */
public record HnswSettings(int maxConnections, int beamWidth, int candidates) {

    // The defaults live here, not only in the service's configuration mapping, because bench-index
    // (a command-line tool, no service) measures against them too; CamsearchConfig's @WithDefault
    // names these constants, so each number is written once. bench-index chose them: the best
    // recall for its speed (src/site/markdown/benchmarks.md).
    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    public static final int DEFAULT_BEAM_WIDTH = 200;
    public static final int DEFAULT_CANDIDATES = 200;

    /** The service's graph unless {@code camsearch.index.hnsw.*} says otherwise. */
    public static final HnswSettings DEFAULT = new HnswSettings(DEFAULT_MAX_CONNECTIONS, DEFAULT_BEAM_WIDTH, DEFAULT_CANDIDATES);

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
    }

    public HnswSettings withMaxConnections(int maxConnections) {
        return new HnswSettings(maxConnections, beamWidth, candidates);
    }

    public HnswSettings withBeamWidth(int beamWidth) {
        return new HnswSettings(maxConnections, beamWidth, candidates);
    }

    public HnswSettings withCandidates(int candidates) {
        return new HnswSettings(maxConnections, beamWidth, candidates);
    }
}
