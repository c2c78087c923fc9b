package io.camsearch.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.cam.BasisCodec;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.cam.Vectors;
import io.camsearch.image.Thumbnail;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * How a {@link CatalogItem} is laid out in a Lucene document, and back. The vector field holds the
 * L2-normalized embedding with DOT_PRODUCT similarity (cosine, without Lucene's deprecated COSINE);
 * the raw embedding is a stored field; the CAM basis ({@link StoredExplanation}: the sparse feature
 * map for a pool -> linear head, else {@link BasisCodec}) and the thumbnail are
 * binary doc values; the id is a term (for upserts) and sorted doc values (for paging); each metadata value is stored once as JSON and indexed per key under {@code
 * m.<key>}, strings as terms and numbers as points.
 *
 * <p>Why doc values for the two large values: stored fields are LZ4-compressed with a
 * high-compression hash table, which buys little on half floats and JPEG bytes and was the top Java
 * frame of a JFR profile of ingestion (the demo model's basis was 36 KB an item); binary doc values
 * are written as they are, and read back without decompressing a block per hit.
 *
 * <p>Documents written before {@link BasisCodec} hold the basis in half precision under {@code
 * basis}; they are still read (an index is rebuilt only by fetching and embedding every image
 * again), and new ones write {@code basis.int8}: despite its name, either form of {@link
 * StoredExplanation} (its first byte says which), so documents written before the sparse feature map
 * are read as they are, and an index opened without the model's M writes BasisCodec's form.
 */
final class CatalogFields {

    static final String ID = "id";
    /**
     * The id again, as sorted doc values: the key {@code GET /items} pages in. A field of its own
     * because Lucene refuses to add doc values to a field that existing segments hold without them.
     */
    static final String ID_SORT = "id.sort";
    static final String VECTOR = "vector";
    private static final String EMBEDDING = "embedding";
    private static final String BASIS = "basis.int8";
    /** The half-precision basis of documents written before {@link BasisCodec}. */
    private static final String HALF_BASIS = "basis";
    private static final String BASIS_DIM = "basis.dim";
    private static final String BASIS_HEIGHT = "basis.height";
    private static final String BASIS_WIDTH = "basis.width";
    private static final String METADATA = "metadata";
    private static final String THUMBNAIL = "thumbnail";
    private static final String ORIGINAL_WIDTH = "image.width";
    private static final String ORIGINAL_HEIGHT = "image.height";
    /** The item's {@link SourceVersion}; absent in documents written before it was stored, or without one. */
    private static final String SOURCE_PARTITION = "source.partition";
    private static final String SOURCE_OFFSET = "source.offset";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFields() {}

    static String metadataField(String key) {
        return "m." + key;
    }

    static Document toDocument(CatalogItem item, SharedGradient gradient) {
        Document doc = new Document();
        doc.add(new StringField(ID, item.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(ID_SORT, new BytesRef(item.id())));
        doc.add(new KnnFloatVectorField(VECTOR, Vectors.normalized(item.embedding()), VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(EMBEDDING, floatsToBytes(item.embedding())));
        // The ingestor builds embedding and basis from one model, so their sizes agree; checked before encoding.
        assert item.basis() == null || item.basis().dim() == item.embedding().length
                : "item '" + item.id() + "': a basis of dimension " + item.basis().dim() + " for a " + item.embedding().length + "-d embedding";
        // An item from an envelope carries its stored form already: written as it is, never re-encoded.
        StoredExplanation explanation = item.basis() != null ? StoredExplanation.of(item.basis(), item.embedding(), gradient) : item.explanation();
        if (explanation != null) {
            assert explanation.dim() == item.embedding().length
                    : "item '" + item.id() + "': a basis of dimension " + explanation.dim() + " for a " + item.embedding().length + "-d embedding";
            doc.add(new BinaryDocValuesField(BASIS, new BytesRef(explanation.bytes())));
            doc.add(new StoredField(BASIS_DIM, explanation.dim()));
            doc.add(new StoredField(BASIS_HEIGHT, explanation.height()));
            doc.add(new StoredField(BASIS_WIDTH, explanation.width()));
        }
        if (item.thumbnail() != null) {
            doc.add(new BinaryDocValuesField(THUMBNAIL, new BytesRef(item.thumbnail().bytes())));
            doc.add(new StoredField(ORIGINAL_WIDTH, item.thumbnail().originalWidth()));
            doc.add(new StoredField(ORIGINAL_HEIGHT, item.thumbnail().originalHeight()));
        }
        if (item.source() != null) {
            doc.add(new StoredField(SOURCE_PARTITION, item.source().partition()));
            doc.add(new StoredField(SOURCE_OFFSET, item.source().offset()));
        }
        try {
            doc.add(new StoredField(METADATA, JSON.writeValueAsString(item.metadata())));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("catalog item '" + item.id() + "': metadata cannot be written as JSON", e);
        }
        item.metadata().forEach((key, value) -> {
            if (value instanceof Number number) {
                doc.add(new DoublePoint(metadataField(key), number.doubleValue()));
            } else {
                doc.add(new StringField(metadataField(key), (String) value, Field.Store.NO));
            }
        });
        return doc;
    }

    /** The item stored as document {@code doc} (an id of the whole index) of {@code reader}. */
    static CatalogItem read(IndexReader reader, StoredFields stored, int doc, SharedGradient gradient) throws IOException {
        Document fields = stored.document(doc);
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int leafDoc = doc - leaf.docBase;
        CamBasis basis = null;
        if (fields.getField(BASIS_DIM) != null) {
            int dim = fields.getField(BASIS_DIM).numericValue().intValue();
            int height = fields.getField(BASIS_HEIGHT).numericValue().intValue();
            int width = fields.getField(BASIS_WIDTH).numericValue().intValue();
            byte[] encoded = optionalDocValue(leaf, BASIS, leafDoc);
            try {
                basis = encoded != null ? StoredExplanation.decode(dim, height, width, encoded, gradient)
                        : BasisCodec.fromHalfPrecision(dim, height, width, docValue(leaf, HALF_BASIS, leafDoc));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the stored basis of document " + doc + " cannot be read: " + e.getMessage(), e);
            }
        }
        Map<String, Object> metadata;
        try {
            metadata = JSON.readValue(fields.get(METADATA), new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata of '" + fields.get(ID) + "' is not JSON", e);
        }
        Thumbnail thumbnail = null;
        if (fields.getField(ORIGINAL_WIDTH) != null) {
            thumbnail = new Thumbnail(fields.getField(ORIGINAL_WIDTH).numericValue().intValue(),
                    fields.getField(ORIGINAL_HEIGHT).numericValue().intValue(), docValue(leaf, THUMBNAIL, leafDoc));
        }
        float[] embedding = bytesToFloats(stored(fields, EMBEDDING));
        assert basis == null || basis.dim() == embedding.length
                : "document " + doc + ": a stored basis of dimension " + basis.dim() + " beside a " + embedding.length + "-d embedding";
        return new CatalogItem(fields.get(ID), embedding, basis, metadata, thumbnail, source(fields));
    }

    /** The stored source of document {@code doc}, null when it has none; reads no doc values. */
    static SourceVersion source(StoredFields stored, int doc) throws IOException {
        return source(stored.document(doc, Set.of(SOURCE_PARTITION, SOURCE_OFFSET)));
    }

    private static SourceVersion source(Document fields) {
        if (fields.getField(SOURCE_PARTITION) == null) {
            return null;
        }
        return new SourceVersion(fields.getField(SOURCE_PARTITION).numericValue().intValue(), fields.getField(SOURCE_OFFSET).numericValue().longValue());
    }

    private static byte[] stored(Document doc, String field) {
        return copy(doc.getBinaryValue(field));
    }

    private static byte[] docValue(LeafReaderContext leaf, String field, int leafDoc) throws IOException {
        byte[] value = optionalDocValue(leaf, field, leafDoc);
        if (value == null) {
            throw new IllegalStateException("document " + (leaf.docBase + leafDoc) + " lacks its " + field + " bytes");
        }
        return value;
    }

    /** The document's bytes of {@code field}, null when it has none. */
    private static byte[] optionalDocValue(LeafReaderContext leaf, String field, int leafDoc) throws IOException {
        BinaryDocValues values = leaf.reader().getBinaryDocValues(field);
        if (values == null || !values.advanceExact(leafDoc)) {
            return null;
        }
        return copy(values.binaryValue());
    }

    private static byte[] copy(BytesRef ref) {
        byte[] out = new byte[ref.length];
        System.arraycopy(ref.bytes, ref.offset, out, 0, ref.length);
        return out;
    }

    private static byte[] floatsToBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        assert !buffer.hasRemaining() : buffer.remaining() + " bytes of a stored embedding left unwritten";
        return buffer.array();
    }

    private static float[] bytesToFloats(byte[] bytes) {
        assert bytes.length % Float.BYTES == 0 : "a stored embedding of " + bytes.length + " bytes is not whole floats";
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }
}
