package io.camsearch.index;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's default codec with the catalog's HNSW settings and a higher vector size limit.
 *
 * <p>Both parts only change how vectors are written: the files are those of one of Lucene's own
 * vector formats ({@link VectorQuantization}), under its name, so any Lucene 10.4 reader (the
 * format is found by name when a segment is opened) reads them, and segments written with other
 * settings, or another quantization, stay readable side by side until merges rewrite them.
 * Segments an earlier camsearch wrote with Lucene 10.3's codec and formats are read through
 * {@code lucene-backward-codecs} until a merge rewrites them.
 */
final class CatalogCodec extends Lucene104Codec {

    /**
     * Lucene refuses vectors longer than 1024 by default; embeddings of bring-your-own models are
     * often 2048 long (ResNet-50's pool).
     */
    static final int MAX_DIMENSIONS = 4096;

    private final KnnVectorsFormat vectors;

    /** {@code mergeExecutor}: runs the concurrent graph merges of {@link HnswSettings#mergeWorkers()} above 1, else null. */
    CatalogCodec(HnswSettings settings, ExecutorService mergeExecutor) {
        this.vectors = new HnswFormat(settings.quantization().format(settings.maxConnections(), settings.beamWidth(),
                settings.mergeWorkers(), mergeExecutor));
    }

    @Override
    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectors;
    }

    /** A Lucene vector format (its classes do not let the limit be set) with {@link #MAX_DIMENSIONS}. */
    private static final class HnswFormat extends KnnVectorsFormat {

        private final KnnVectorsFormat delegate;

        HnswFormat(KnnVectorsFormat delegate) {
            super(delegate.getName());
            this.delegate = delegate;
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }
    }
}
