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

    /** What {@code bench-index} measured as the best recall for its speed on this machine; see the benchmarks page (src/site/markdown/benchmarks.md). */
    public static final HnswSettings DEFAULT = new HnswSettings(32, 200, 200);

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

    public HnswSettings withCandidates(int candidates) {
        return new HnswSettings(maxConnections, beamWidth, candidates);
    }
}
