package io.camsearch.embeddings;

import io.camsearch.cam.BasisCodec;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.ItemId;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.ModelIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of an {@link EmbeddingEnvelope} as a record value (the item id is the record key),
 * little-endian:
 *
 * <pre>
 *   1        schema version ({@value #SCHEMA_VERSION})
 *   1 + n    model name: length n (1..255), UTF-8
 *   32       model weights SHA-256
 *   4        model embedding size d
 *   4, 8     source partition, source offset (the item's version)
 *   4 + 4d   embedding: its length (= d), float32 values
 *   1        explanation present (0 or 1); if 1: 2 height h, 2 width w, 4 length L, then L bytes: the item's
 *            {@link StoredExplanation}, exactly the bytes the index stores (first byte: its form)
 *   1        thumbnail present (0 or 1); if 1: 4 original width, 4 original height, 4 length L, L image bytes
 *   2        metadata entries m, then per entry: 2 + k key (UTF-8), 1 type ('S', 'L' or 'D'),
 *            value: 'S' 2 + s string (UTF-8), 'L' int64, 'D' float64
 * </pre>
 *
 * <p>Why a hand-made binary layout rather than JSON or a schema library: the explanation (7.7 KB
 * on average for the demo model with mirror views) and the thumbnail are most of an item, and JSON would inflate both by
 * a third (base64) or more; the layout has one version byte to evolve by, and no dependency.
 * Decoding is strict (every length bounded by what remains and by a limit, no unknown version, no
 * trailing bytes, an explanation checked as far as it can be without the model's gradient matrix):
 * a searcher must not index half an item, nor one that fails only when a search draws its map.
 *
 * <p>Why the explanation's stored form and not the basis: the embedder has the model, so it
 * encodes the explanation once, as the index stores it ({@link StoredExplanation}: the demo
 * model's sparse feature map), and a searcher stores those bytes as they are: the topic holds what
 * the index holds per item, and no second quantization. A searcher needs the model's gradient matrix
 * only to draw maps at search, not to store.
 *
 * <p>Older versions are still read, so that searchers upgraded first go on reading a topic that
 * older embedders wrote (and a rebuild reads records compaction has kept from before): version 2
 * held the explanation as {@link BasisCodec}'s bytes with no length (their length follows from d, h
 * and w), which is a stored form as it is; version 1 held the basis in half precision ({@link
 * BasisCodec#fromHalfPrecision}), encoded on reading as {@link BasisCodec}. A version newer than
 * this reader knows is not a damaged record but a searcher to upgrade: {@link EnvelopeFormatException#newerSchema()}
 * says so, and the searcher stops rather than skip every record. Upgrade searchers before
 * embedders.
 *
 * <p>Metadata numbers come back as {@code Long} (any integral type) or {@code Double} (any other),
 * the types ingestion gives them.
 */
public final class EnvelopeCodec {

    public static final int SCHEMA_VERSION = 3;
    /** The first schema, whose basis is half precision. */
    static final int HALF_PRECISION_SCHEMA = 1;
    /** The schema whose basis is {@link BasisCodec}'s bytes, without a length. */
    static final int INT8_BASIS_SCHEMA = 2;
    static final int MAX_MODEL_NAME_BYTES = 255;
    static final int SHA256_BYTES = 32;
    static final int MAX_EMBEDDING_DIM = 65_536;
    static final int MAX_BASIS_SIDE = 1024;
    /** The local broker's message.max.bytes: a larger thumbnail could never be published anyway. */
    static final int MAX_THUMBNAIL_BYTES = 16 * 1024 * 1024;
    /** As {@link #MAX_THUMBNAIL_BYTES}: no record larger could be published. */
    static final int MAX_EXPLANATION_BYTES = 16 * 1024 * 1024;
    static final int MAX_METADATA_ENTRIES = 1024;
    static final int MAX_STRING_BYTES = 0xFFFF;
    private static final byte STRING = 'S';
    private static final byte LONG = 'L';
    private static final byte DOUBLE = 'D';

    private EnvelopeCodec() {}

    /** The record value for {@code envelope}; anything the decoder would refuse is refused here already. */
    public static byte[] encode(EmbeddingEnvelope envelope) {
        ModelIdentity model = envelope.model();
        CatalogItem item = envelope.item();
        Writer out = new Writer();
        out.u8(SCHEMA_VERSION);
        out.string8(model.name(), "model name");
        out.bytes(model.weightsSha256Bytes());
        out.i32(model.embeddingDim());
        out.i32(envelope.version().partition());
        out.i64(envelope.version().offset());
        float[] embedding = item.embedding();
        out.i32(embedding.length);
        for (int i = 0; i < embedding.length; i++) {
            if (!Float.isFinite(embedding[i])) {
                throw new IllegalArgumentException("item '" + item.id() + "': embedding value " + i + " is " + embedding[i]);
            }
            out.f32(embedding[i]);
        }
        StoredExplanation explanation = item.explanation();
        assert item.basis() == null : "an envelope's item carries its explanation in its stored form";
        out.u8(explanation == null ? 0 : 1);
        if (explanation != null) {
            if (explanation.height() > MAX_BASIS_SIDE || explanation.width() > MAX_BASIS_SIDE) {
                throw new IllegalArgumentException("item '" + item.id() + "': a CAM basis of " + explanation.height() + " x " + explanation.width()
                        + " cells; an envelope holds at most " + MAX_BASIS_SIDE + " x " + MAX_BASIS_SIDE);
            }
            out.u16(explanation.height());
            out.u16(explanation.width());
            out.i32(explanation.bytes().length);
            out.bytes(explanation.bytes());
        }
        Thumbnail thumbnail = item.thumbnail();
        out.u8(thumbnail == null ? 0 : 1);
        if (thumbnail != null) {
            if (thumbnail.bytes().length > MAX_THUMBNAIL_BYTES) {
                throw new IllegalArgumentException("item '" + item.id() + "': a thumbnail of " + thumbnail.bytes().length
                        + " bytes; an envelope holds at most " + MAX_THUMBNAIL_BYTES);
            }
            out.i32(thumbnail.originalWidth());
            out.i32(thumbnail.originalHeight());
            out.i32(thumbnail.bytes().length);
            out.bytes(thumbnail.bytes());
        }
        writeMetadata(out, item);
        return out.toByteArray();
    }

    /**
     * The envelope in {@code value}, the record keyed {@code key}.
     *
     * @throws EnvelopeFormatException naming the field that is missing, too long, out of range or
     *     inconsistent (an unknown schema version, an embedding of another size than its model's)
     */
    public static EmbeddingEnvelope decode(String key, byte[] value) throws EnvelopeFormatException {
        if (value == null) {
            throw new EnvelopeFormatException("value", 0, "a tombstone (null value) deletes an item and has no envelope");
        }
        var keyProblem = ItemId.problem(key);
        if (keyProblem.isPresent()) {
            throw new EnvelopeFormatException("key", 0, keyProblem.get());
        }
        Reader in = new Reader(value);
        try {
            int version = in.u8("schema version");
            if (version > SCHEMA_VERSION) {
                throw EnvelopeFormatException.newerSchema(version);
            }
            if (version < HALF_PRECISION_SCHEMA) {
                throw in.error("schema version " + version + " never existed; versions are 1 to " + SCHEMA_VERSION);
            }
            ModelIdentity model = readModel(in);
            SourceVersion source = readVersion(in);
            float[] embedding = readEmbedding(in, model);
            StoredExplanation explanation = readExplanation(in, embedding, version);
            Thumbnail thumbnail = readThumbnail(in);
            Map<String, Object> metadata = readMetadata(in);
            in.field("end", 0);
            if (in.remaining() > 0) {
                throw in.error(in.remaining() + " bytes follow the last field");
            }
            return new EmbeddingEnvelope(model, source, new CatalogItem(key, embedding, null, metadata, thumbnail, null, explanation));
        } catch (BufferUnderflowException e) {
            throw new AssertionError("every read is preceded by a length check", e);
        }
    }

    private static ModelIdentity readModel(Reader in) throws EnvelopeFormatException {
        String name = in.string("model name", in.u8("model name length"), true);
        if (name.isBlank()) {
            throw in.error("the model name is blank");
        }
        in.field("model weights sha256", SHA256_BYTES);
        byte[] sha = in.bytes(SHA256_BYTES);
        int dim = in.i32("model embedding size");
        if (dim < 1 || dim > MAX_EMBEDDING_DIM) {
            throw in.error("embedding size " + dim + " is outside 1.." + MAX_EMBEDDING_DIM);
        }
        return ModelIdentity.of(name, sha, dim);
    }

    private static SourceVersion readVersion(Reader in) throws EnvelopeFormatException {
        int partition = in.i32("source partition");
        if (partition < 0) {
            throw in.error("partition " + partition + " is negative");
        }
        long offset = in.i64("source offset");
        if (offset < 0) {
            throw in.error("offset " + offset + " is negative");
        }
        return new SourceVersion(partition, offset);
    }

    private static float[] readEmbedding(Reader in, ModelIdentity model) throws EnvelopeFormatException {
        int length = in.i32("embedding length");
        if (length != model.embeddingDim()) {
            throw in.error("the embedding has " + length + " values, but its model " + model + " makes " + model.embeddingDim());
        }
        in.field("embedding", (long) length * Float.BYTES);
        float[] embedding = new float[length];
        for (int i = 0; i < length; i++) {
            embedding[i] = in.buffer.getFloat();
            if (!Float.isFinite(embedding[i])) {
                throw in.error("value " + i + " is " + embedding[i]);
            }
        }
        return embedding;
    }

    private static StoredExplanation readExplanation(Reader in, float[] embedding, int version) throws EnvelopeFormatException {
        if (!in.present(version == SCHEMA_VERSION ? "explanation present" : "basis present")) {
            return null;
        }
        int dim = embedding.length;
        int height = in.u16("basis height");
        int width = in.u16("basis width");
        if (height < 1 || height > MAX_BASIS_SIDE || width < 1 || width > MAX_BASIS_SIDE) {
            throw in.error("a basis of " + height + " x " + width + " cells; each side must be 1.." + MAX_BASIS_SIDE);
        }
        long length = switch (version) {
            case HALF_PRECISION_SCHEMA -> 2L * dim * height * width;
            case INT8_BASIS_SCHEMA -> BasisCodec.length(dim, height, width);
            default -> {
                int stated = in.i32("explanation length");
                if (stated < 1 || stated > MAX_EXPLANATION_BYTES) {
                    throw in.error(stated + " bytes; an explanation has 1.." + MAX_EXPLANATION_BYTES);
                }
                yield stated;
            }
        };
        in.field(version == SCHEMA_VERSION ? "explanation" : "basis", length);
        byte[] bytes = in.bytes((int) length);
        try {
            if (version == HALF_PRECISION_SCHEMA) {
                // Checked as encoded: a half-precision infinity would otherwise fail only when a search decodes it.
                bytes = BasisCodec.encode(BasisCodec.fromHalfPrecision(dim, height, width, bytes), embedding);
            }
            return StoredExplanation.checked(dim, height, width, bytes);
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
    }

    private static Thumbnail readThumbnail(Reader in) throws EnvelopeFormatException {
        if (!in.present("thumbnail present")) {
            return null;
        }
        int width = in.i32("thumbnail original width");
        int height = in.i32("thumbnail original height");
        if (width < 1 || height < 1) {
            throw in.error("the original image size " + width + " x " + height + " is not positive");
        }
        int length = in.i32("thumbnail length");
        if (length < 1 || length > MAX_THUMBNAIL_BYTES) {
            throw in.error(length + " bytes; a thumbnail has 1.." + MAX_THUMBNAIL_BYTES);
        }
        in.field("thumbnail bytes", length);
        byte[] bytes = in.bytes(length);
        try {
            return new Thumbnail(width, height, bytes);
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
    }

    private static void writeMetadata(Writer out, CatalogItem item) {
        Map<String, Object> metadata = item.metadata();
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException("item '" + item.id() + "' has " + metadata.size() + " metadata entries; an envelope holds at most "
                    + MAX_METADATA_ENTRIES);
        }
        out.u16(metadata.size());
        for (var entry : metadata.entrySet()) {
            out.string16(entry.getKey(), "metadata key");
            Object value = entry.getValue();
            switch (value) {
                case String text -> {
                    out.u8(STRING);
                    out.string16(text, "metadata '" + entry.getKey() + "'");
                }
                case Long l -> writeLong(out, l);
                case Integer i -> writeLong(out, i);
                case Short s -> writeLong(out, s);
                case Byte b -> writeLong(out, b);
                case Double d -> writeDouble(out, item, entry.getKey(), d);
                case Float f -> writeDouble(out, item, entry.getKey(), f);
                default -> throw new IllegalArgumentException("item '" + item.id() + "': metadata '" + entry.getKey()
                        + "' is a number of a kind an envelope does not hold; use a 64-bit integer or a double");
            }
        }
    }

    private static void writeLong(Writer out, long value) {
        out.u8(LONG);
        out.i64(value);
    }

    private static void writeDouble(Writer out, CatalogItem item, String key, double number) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("item '" + item.id() + "': metadata '" + key + "' is " + number);
        }
        out.u8(DOUBLE);
        out.f64(number);
    }

    private static Map<String, Object> readMetadata(Reader in) throws EnvelopeFormatException {
        int entries = in.u16("metadata entries");
        if (entries > MAX_METADATA_ENTRIES) {
            throw in.error(entries + " entries; at most " + MAX_METADATA_ENTRIES + " are allowed");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String entry = "metadata[" + i + "]";
            String key = in.string(entry + ".key", in.u16(entry + ".key length"), false);
            if (key.isEmpty()) {
                throw in.error("the key is empty");
            }
            if (metadata.containsKey(key)) {
                throw in.error("key '" + key + "' appears twice");
            }
            int type = in.u8(entry + ".type");
            Object value = switch (type) {
                case STRING -> in.string(entry + ".value", in.u16(entry + ".value length"), false);
                case LONG -> in.i64(entry + ".value");
                case DOUBLE -> {
                    double number = in.f64(entry + ".value");
                    if (!Double.isFinite(number)) {
                        throw in.error("'" + key + "' is " + number);
                    }
                    yield number;
                }
                default -> throw in.error("type " + type + " is unknown; 'S' (" + STRING + "), 'L' (" + LONG + ") or 'D' (" + DOUBLE + ") expected");
            };
            metadata.put(key, value);
        }
        return metadata;
    }

    /** Little-endian writes into a growing array. */
    private static final class Writer {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);

        void u8(int value) {
            bytes.write(value);
        }

        void u16(int value) {
            assert value >= 0 && value <= 0xFFFF : "u16 out of range: " + value;
            scratch.clear().putShort((short) value);
            flushScratch();
        }

        void i32(int value) {
            scratch.clear().putInt(value);
            flushScratch();
        }

        void i64(long value) {
            scratch.clear().putLong(value);
            flushScratch();
        }

        void f32(float value) {
            scratch.clear().putFloat(value);
            flushScratch();
        }

        void f64(double value) {
            scratch.clear().putDouble(value);
            flushScratch();
        }

        void bytes(byte[] value) {
            bytes.writeBytes(value);
        }

        void string8(String value, String what) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_MODEL_NAME_BYTES) {
                throw new IllegalArgumentException(what + " has " + utf8.length + " bytes in UTF-8; an envelope holds at most " + MAX_MODEL_NAME_BYTES);
            }
            u8(utf8.length);
            bytes(utf8);
        }

        void string16(String value, String what) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException(what + " has " + utf8.length + " bytes in UTF-8; an envelope holds at most " + MAX_STRING_BYTES);
            }
            u16(utf8.length);
            bytes(utf8);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        private void flushScratch() {
            bytes.write(scratch.array(), 0, scratch.position());
        }
    }

    /** Little-endian reads that check, before each field, that its bytes are there. */
    private static final class Reader {

        private final ByteBuffer buffer;
        private String field = "start";
        private int fieldStart;

        Reader(byte[] value) {
            this.buffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        }

        int remaining() {
            return buffer.remaining();
        }

        /** Starts reading {@code name}, which takes {@code length} bytes: an error if fewer remain. */
        void field(String name, long length) throws EnvelopeFormatException {
            field = name;
            fieldStart = buffer.position();
            if (length > buffer.remaining()) {
                throw error("needs " + length + " bytes, only " + buffer.remaining() + " remain (the envelope is truncated)");
            }
        }

        EnvelopeFormatException error(String problem) {
            return new EnvelopeFormatException(field, fieldStart, problem);
        }

        int u8(String name) throws EnvelopeFormatException {
            field(name, 1);
            return Byte.toUnsignedInt(buffer.get());
        }

        boolean present(String name) throws EnvelopeFormatException {
            int flag = u8(name);
            if (flag > 1) {
                throw error("flag " + flag + "; 0 (absent) or 1 (present) expected");
            }
            return flag == 1;
        }

        int u16(String name) throws EnvelopeFormatException {
            field(name, Short.BYTES);
            return Short.toUnsignedInt(buffer.getShort());
        }

        int i32(String name) throws EnvelopeFormatException {
            field(name, Integer.BYTES);
            return buffer.getInt();
        }

        long i64(String name) throws EnvelopeFormatException {
            field(name, Long.BYTES);
            return buffer.getLong();
        }

        double f64(String name) throws EnvelopeFormatException {
            field(name, Double.BYTES);
            return buffer.getDouble();
        }

        byte[] bytes(int length) {
            byte[] out = new byte[length];
            buffer.get(out);
            return out;
        }

        /** A UTF-8 string of {@code length} bytes; malformed UTF-8 is an error, not replaced. */
        String string(String name, int length, boolean nonEmpty) throws EnvelopeFormatException {
            field(name, length);
            if (nonEmpty && length == 0) {
                throw error("is empty");
            }
            byte[] utf8 = bytes(length);
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw error("is not valid UTF-8");
            }
        }
    }
}
