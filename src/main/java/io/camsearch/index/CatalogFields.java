package io.camsearch.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Vectors;
import io.camsearch.image.Thumbnail;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How a {@link CatalogItem} is laid out in a Lucene document, and back. The vector field holds the
 * L2-normalized embedding with DOT_PRODUCT similarity (cosine, without Lucene's deprecated COSINE);
 * the raw embedding and the half-precision CAM basis are stored fields; each metadata value is
 * stored once as JSON and indexed per key under {@code m.<key>}, strings as terms and numbers as
 * points.
 */
final class CatalogFields {

    static final String ID = "id";
    static final String VECTOR = "vector";
    private static final String EMBEDDING = "embedding";
    private static final String BASIS = "basis";
    private static final String BASIS_DIM = "basis.dim";
    private static final String BASIS_HEIGHT = "basis.height";
    private static final String BASIS_WIDTH = "basis.width";
    private static final String METADATA = "metadata";
    private static final String THUMBNAIL = "thumbnail";
    private static final String ORIGINAL_WIDTH = "image.width";
    private static final String ORIGINAL_HEIGHT = "image.height";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFields() {}

    static String metadataField(String key) {
        return "m." + key;
    }

    static Document toDocument(CatalogItem item) {
        Document doc = new Document();
        doc.add(new StringField(ID, item.id(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, Vectors.normalized(item.embedding()), VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(EMBEDDING, floatsToBytes(item.embedding())));
        if (item.basis() != null) {
            doc.add(new StoredField(BASIS, item.basis().toHalfPrecision()));
            doc.add(new StoredField(BASIS_DIM, item.basis().dim()));
            doc.add(new StoredField(BASIS_HEIGHT, item.basis().height()));
            doc.add(new StoredField(BASIS_WIDTH, item.basis().width()));
        }
        if (item.thumbnail() != null) {
            doc.add(new StoredField(THUMBNAIL, item.thumbnail().jpeg()));
            doc.add(new StoredField(ORIGINAL_WIDTH, item.thumbnail().originalWidth()));
            doc.add(new StoredField(ORIGINAL_HEIGHT, item.thumbnail().originalHeight()));
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

    static CatalogItem fromDocument(Document doc) {
        CamBasis basis = null;
        if (doc.getField(BASIS) != null) {
            basis = CamBasis.fromHalfPrecision(doc.getField(BASIS_DIM).numericValue().intValue(),
                    doc.getField(BASIS_HEIGHT).numericValue().intValue(), doc.getField(BASIS_WIDTH).numericValue().intValue(),
                    bytes(doc, BASIS));
        }
        Map<String, Object> metadata;
        try {
            metadata = JSON.readValue(doc.get(METADATA), new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata of '" + doc.get(ID) + "' is not JSON", e);
        }
        Thumbnail thumbnail = null;
        if (doc.getField(THUMBNAIL) != null) {
            thumbnail = new Thumbnail(doc.getField(ORIGINAL_WIDTH).numericValue().intValue(),
                    doc.getField(ORIGINAL_HEIGHT).numericValue().intValue(), bytes(doc, THUMBNAIL));
        }
        return new CatalogItem(doc.get(ID), bytesToFloats(bytes(doc, EMBEDDING)), basis, metadata, thumbnail);
    }

    private static byte[] bytes(Document doc, String field) {
        var ref = doc.getBinaryValue(field);
        byte[] out = new byte[ref.length];
        System.arraycopy(ref.bytes, ref.offset, out, 0, ref.length);
        return out;
    }

    private static byte[] floatsToBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    private static float[] bytesToFloats(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }
}
