package io.camsearch.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.BasisCodec;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.SparseFeatureMap;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.dataset.CatalogSpec;
import io.camsearch.dataset.ProductClass;
import io.camsearch.dataset.SyntheticCatalog;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.SourceVersion;
import io.camsearch.local.DemoCatalog;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.Models;
import io.camsearch.model.nets.DemoNetwork;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeCodecTest {

    private static final String NAME = "test-model";
    private static final int N = NAME.length();
    private static final int D = 4;
    private static final int H = 2;
    private static final int W = 3;
    private static final ModelIdentity MODEL = new ModelIdentity(NAME, "0123456789abcdef".repeat(4), D);
    private static final float[] EMBEDDING = {0.25f, -1.5f, 3.0e-3f, 42.125f};
    /** Byte positions of the fixed fields, for a model name of N bytes and D dimensions (see EnvelopeCodec's layout). */
    private static final int DIM_AT = 2 + N + 32;
    private static final int PARTITION_AT = DIM_AT + 4;
    private static final int EMBEDDING_LENGTH_AT = PARTITION_AT + 4 + 8;
    private static final int EMBEDDING_AT = EMBEDDING_LENGTH_AT + 4;
    private static final int BASIS_FLAG_AT = EMBEDDING_AT + 4 * D;
    private static final int BASIS_HEIGHT_AT = BASIS_FLAG_AT + 1;
    private static final int EXPLANATION_LENGTH_AT = BASIS_HEIGHT_AT + 4;
    /** The explanation's bytes (this test's items have no feature map: BasisCodec's form). */
    private static final int BASIS_AT = EXPLANATION_LENGTH_AT + 4;
    private static final int BASIS_BYTES = (int) BasisCodec.length(D, H, W);
    private static final int THUMBNAIL_FLAG_AT = BASIS_AT + BASIS_BYTES;
    private static final int THUMBNAIL_LENGTH_AT = THUMBNAIL_FLAG_AT + 1 + 8;
    private static final int THUMBNAIL_AT = THUMBNAIL_LENGTH_AT + 4;

    @TempDir
    Path dir;

    @Test
    void anEnvelopeComesBackWithEveryFieldAndItsBasisAsBasisCodecStoresIt() throws Exception {
        EmbeddingEnvelope sent = envelope(Map.of("colour", "red", "price", 12L, "weight", 1.5));
        EmbeddingEnvelope got = EnvelopeCodec.decode("sku:42", EnvelopeCodec.encode(sent));

        assertEquals(MODEL, got.model());
        assertEquals(new SourceVersion(3, 1_234_567_890_123L), got.version());
        assertEquals("sku:42", got.item().id());
        assertArrayEquals(EMBEDDING, got.item().embedding(), 0f);
        assertEquals(Map.of("colour", "red", "price", 12L, "weight", 1.5), got.item().metadata());
        assertEquals(640, got.item().thumbnail().originalWidth());
        assertEquals(480, got.item().thumbnail().originalHeight());
        assertArrayEquals(sent.item().thumbnail().bytes(), got.item().thumbnail().bytes());

        assertNull(got.item().basis(), "the explanation comes back in its stored form, not decoded");
        assertArrayEquals(BasisCodec.encode(new CamBasis(D, H, W, basisValues()), EMBEDDING), got.item().explanation().bytes());
        CamBasis basis = got.item().explanation().basis(null);
        assertEquals(D, basis.dim());
        assertEquals(H, basis.height());
        assertEquals(W, basis.width());
        CamBasis stored = BasisCodec.decode(D, H, W, BasisCodec.encode(new CamBasis(D, H, W, basisValues()), EMBEDDING));
        assertArrayEquals(stored.values(), values(basis), 0f);
        float[] original = basisValues();
        float[] decoded = values(basis);
        for (int i = 0; i < original.length; i++) {
            // int8 per cell: within a step (the cell's largest magnitude / 127) of the value, the own-direction correction included
            assertEquals(original[i], decoded[i], 3f / 127, "value " + i);
        }
    }

    @Test
    void anItemWithoutBasisThumbnailOrMetadataComesBackWithout() throws Exception {
        CatalogItem bare = new CatalogItem("a", EMBEDDING, null, Map.of(), null);
        EmbeddingEnvelope got = EnvelopeCodec.decode("a", EnvelopeCodec.encode(new EmbeddingEnvelope(MODEL, new SourceVersion(0, 0), bare)));
        assertNull(got.item().basis());
        assertNull(got.item().explanation());
        assertNull(got.item().thumbnail());
        assertEquals(Map.of(), got.item().metadata());
        assertArrayEquals(EMBEDDING, got.item().embedding(), 0f);
    }

    @Test
    void integralMetadataComesBackAsLongAndOtherNumbersAsDouble() throws Exception {
        EmbeddingEnvelope got = EnvelopeCodec.decode("sku:42", EnvelopeCodec.encode(envelope(Map.of("count", 7, "ratio", 0.5f))));
        assertEquals(Map.of("count", 7L, "ratio", 0.5), got.item().metadata());
    }

    @Test
    void theSizeOfAnEnvelopeIsItsFixedFieldsPlusEmbeddingBasisThumbnailAndMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("colour", "red");
        metadata.put("price", 12L);
        EmbeddingEnvelope sent = envelope(metadata);
        int thumbnail = sent.item().thumbnail().bytes().length;
        int metadataBytes = (2 + 6 + 1 + 2 + 3) + (2 + 5 + 1 + 8);
        assertEquals(58 + N + 4 * D + (8 + BASIS_BYTES) + (12 + thumbnail) + metadataBytes, EnvelopeCodec.encode(sent).length);
    }

    @Test
    void theDemoModelsItemWithoutItsFeatureMapIs20145BytesPlusItsThumbnailAndMetadata() throws IOException {
        ModelDescriptor demo = DemoNetwork.descriptor(HeadKind.GAP_LINEAR);
        ModelIdentity model = ModelIdentity.of(demo, Models.weightsSha256(Models.DEMO));
        DemoCatalog catalog = new DemoCatalog(1, 1);
        byte[] png = catalog.pngs().get(0);
        DecodedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(png);
        Thumbnail thumbnail = Thumbnail.of(image, png, Thumbnail.DEFAULT_MAX_SIDE);
        ProductClass first = new SyntheticCatalog(new CatalogSpec(7, CatalogSpec.DEFAULT_CLASSES, 1, CatalogSpec.DEFAULT_IMAGE_SIZE)).classes().get(0);
        Map<String, Object> metadata = DemoCatalog.metadata(first, 0);
        int d = demo.embeddingDim();
        float[] basis = new float[d * demo.featureCells()];
        Arrays.fill(basis, 0.5f);
        CatalogItem item = new CatalogItem(DemoCatalog.id(first, 0), new float[d],
                new CamBasis(d, demo.featureHeight(), demo.featureWidth(), basis), metadata, thumbnail);
        int bytes = EnvelopeCodec.encode(EmbeddingEnvelope.of(model, new SourceVersion(0, 0), item, null)).length;

        int metadataBytes = 0;
        for (var entry : item.metadata().entrySet()) {
            int key = entry.getKey().getBytes(StandardCharsets.UTF_8).length;
            metadataBytes += 2 + key + 1 + (entry.getValue() instanceof String s ? 2 + s.getBytes(StandardCharsets.UTF_8).length : 8);
        }
        int basisBytes = (int) BasisCodec.length(d, demo.featureHeight(), demo.featureWidth());
        int fixed = 58 + model.name().length() + 4 * d + 8 + basisBytes;
        System.out.printf("demo model envelope: %d bytes = %d fixed (of which basis %d, embedding %d) + thumbnail %d + 12 + metadata %d%n",
                bytes, fixed, basisBytes, 4 * d, thumbnail.bytes().length, metadataBytes);
        assertEquals(19_553, basisBytes, "1 (format) + 256 (unit embedding, half) + 288 (its map, half) + 576 (cell scales) + 18,432 (int8 values)");
        assertEquals(20_145, fixed, "58 + 14 (name) + 512 (embedding) + 8 (shape, length) + 19,553 (basis)");
        assertEquals(fixed + 12 + thumbnail.bytes().length + metadataBytes, bytes);
    }

    @Test
    void aNewerSchemaVersionIsRefusedAsOneToUpgradeForNotAsADamagedRecord() {
        byte[] bytes = good();
        bytes[0] = 4;
        var error = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", bytes));
        assertEquals("envelope field 'schema version' at byte 0: schema version 4 is newer than this reader knows (1 to 3)", error.getMessage());
        assertTrue(error.newerSchema());
        bytes[0] = 0;
        var never = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", bytes));
        assertEquals("envelope field 'schema version' at byte 0: schema version 0 never existed; versions are 1 to 3", never.getMessage());
        assertTrue(!never.newerSchema(), "a version that never existed is a damaged record");
    }

    /** Version 1, as embedders before the int8 basis wrote it: the same layout with the basis in half precision and no length. */
    @Test
    void versionOneWithItsHalfPrecisionBasisIsStillReadAndIndexed() throws Exception {
        CamBasis exact = new CamBasis(D, H, W, basisValues());
        byte[] half = BasisCodec.toHalfPrecision(exact);
        byte[] v1 = olderSchema(1, half);

        EmbeddingEnvelope got = EnvelopeCodec.decode("sku:42", v1);

        assertEquals(MODEL, got.model());
        assertEquals(new SourceVersion(3, 1_234_567_890_123L), got.version());
        assertArrayEquals(EMBEDDING, got.item().embedding(), 0f);
        CamBasis fromHalf = BasisCodec.fromHalfPrecision(D, H, W, half);
        // What the index made of a version-1 item before: BasisCodec's form of the half-precision basis.
        assertArrayEquals(BasisCodec.encode(fromHalf, EMBEDDING), got.item().explanation().bytes());
        assertArrayEquals(basisValues(), values(got.item().explanation().basis(null)), 3f / 127, "int8 per cell of the exact basis");
        assertEquals(640, got.item().thumbnail().originalWidth());
        assertArrayEquals(values(got.item().explanation().basis(null)), values(indexed(got).basis()), 0f, "indexed as decoded");

        byte[] infinite = half.clone();
        ByteBuffer.wrap(infinite).order(ByteOrder.LITTLE_ENDIAN).putShort(2, Float.floatToFloat16(Float.POSITIVE_INFINITY));
        var error = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", olderSchema(1, infinite)));
        assertEquals("basis", error.field(), "refused on reading, not when a search decodes it: " + error.getMessage());
        assertEquals(EXPLANATION_LENGTH_AT, error.position());
    }

    /** Version 2, as embedders before the stored explanation wrote it: BasisCodec's bytes without a length, stored as they are. */
    @Test
    void versionTwoWithItsInt8BasisIsStillReadAndIndexedAsItIs() throws Exception {
        byte[] int8 = BasisCodec.encode(new CamBasis(D, H, W, basisValues()), EMBEDDING);
        byte[] v2 = olderSchema(2, int8);

        EmbeddingEnvelope got = EnvelopeCodec.decode("sku:42", v2);

        assertEquals(MODEL, got.model());
        assertEquals(new SourceVersion(3, 1_234_567_890_123L), got.version());
        assertArrayEquals(EMBEDDING, got.item().embedding(), 0f);
        assertArrayEquals(int8, got.item().explanation().bytes(), "the record's basis bytes, not decoded and encoded again");
        assertEquals(640, got.item().thumbnail().originalWidth());
        assertArrayEquals(values(BasisCodec.decode(D, H, W, int8)), values(indexed(got).basis()), 0f, "indexed as the record holds it");

        byte[] damaged = v2.clone();
        damaged[BASIS_AT - 4] = 9;
        assertRefused("envelope field 'basis' at byte " + (BASIS_AT - 4) + ": explanation format 9 is unknown; 1 (int8 basis), 2 or 3 (sparse feature map) expected",
                damaged);
    }

    /** A current envelope's bytes as schema {@code version} laid them out: {@code basis} in place of the explanation's length and bytes. */
    private static byte[] olderSchema(int version, byte[] basis) {
        byte[] current = good();
        byte[] older = new byte[EXPLANATION_LENGTH_AT + basis.length + current.length - THUMBNAIL_FLAG_AT];
        System.arraycopy(current, 0, older, 0, EXPLANATION_LENGTH_AT);
        System.arraycopy(basis, 0, older, EXPLANATION_LENGTH_AT, basis.length);
        System.arraycopy(current, THUMBNAIL_FLAG_AT, older, EXPLANATION_LENGTH_AT + basis.length, current.length - THUMBNAIL_FLAG_AT);
        older[0] = (byte) version;
        return older;
    }

    /** {@code envelope}'s item written to a real index and read back. */
    private CatalogItem indexed(EmbeddingEnvelope envelope) throws IOException {
        try (CatalogIndex index = CatalogIndex.open(dir, 1000, HnswSettings.DEFAULT, null)) {
            index.upsert(List.of(envelope.item()));
            index.refresh();
            return index.get(envelope.item().id()).orElseThrow();
        }
    }

    /** Issue 15: a damaged explanation is refused where it enters, naming the field and where, never at search. */
    @Test
    void aDamagedStoredExplanationIsRefusedNamingTheFieldAndItsOffset() throws Exception {
        byte[] sparse = sparseEnvelope();
        int length = ByteBuffer.wrap(sparse).order(ByteOrder.LITTLE_ENDIAN).getInt(EXPLANATION_LENGTH_AT);
        EmbeddingEnvelope good = EnvelopeCodec.decode("sku:42", sparse);
        assertEquals(SparseFeatureMap.SPARSE_12, good.item().explanation().format());

        byte[] truncated = Arrays.copyOf(sparse, BASIS_AT + length - 1);
        assertRefused("envelope field 'explanation' at byte " + BASIS_AT + ": needs " + length + " bytes, only " + (length - 1)
                + " remain (the envelope is truncated)", truncated);

        byte[] shorter = sparse.clone();
        putInt(shorter, EXPLANATION_LENGTH_AT, length - 2);
        // The same bytes, two fewer read as the explanation: the map's bitmap says how many values it has.
        var error = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", shorter));
        assertEquals("explanation", error.field());
        assertEquals(BASIS_AT, error.position());
        assertTrue(error.getMessage().contains("a sparse feature map of " + CHANNELS + " x " + H * W + " with "), error.getMessage());

        byte[] notFinite = sparse.clone();
        int firstValue = BASIS_AT + 3 + (CHANNELS * H * W + 7) / 8;
        // 12-bit value 0xFFF, the half 0x7FF8: a NaN
        notFinite[firstValue] = (byte) 0xFF;
        notFinite[firstValue + 1] |= 0x0F;
        assertRefused("envelope field 'explanation' at byte " + BASIS_AT + ": feature map value 0 decodes to NaN", notFinite);

        byte[] channels = sparse.clone();
        ByteBuffer.wrap(channels).order(ByteOrder.LITTLE_ENDIAN).putShort(BASIS_AT + 1, (short) 0xFFFF);
        error = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", channels));
        assertEquals("explanation", error.field());
        assertTrue(error.getMessage().startsWith("envelope field 'explanation' at byte " + BASIS_AT + ": a sparse feature map of 65535 x 6 has at least "),
                error.getMessage());

        byte[] empty = sparse.clone();
        putInt(empty, EXPLANATION_LENGTH_AT, 0);
        assertRefused("envelope field 'explanation length' at byte " + EXPLANATION_LENGTH_AT + ": 0 bytes; an explanation has 1..16777216", empty);

        byte[] unknown = sparse.clone();
        unknown[BASIS_AT] = 7;
        assertRefused("envelope field 'explanation' at byte " + BASIS_AT + ": explanation format 7 is unknown; 1 (int8 basis), 2 or 3 (sparse feature map) expected",
                unknown);
    }

    private static final int CHANNELS = 3;

    /** A valid envelope whose explanation is a sparse feature map of {@link #CHANNELS} x H x W, as the demo model's items are. */
    private static byte[] sparseEnvelope() {
        float[] a = new float[CHANNELS * H * W];
        a[0] = 0.75f;
        a[4] = 2.5f;
        a[11] = 0.125f;
        a[17] = 9f;
        StoredExplanation explanation = new StoredExplanation(D, H, W, SparseFeatureMap.encode(a, CHANNELS, H * W));
        CatalogItem item = new CatalogItem("sku:42", EMBEDDING, null, Map.of(), new Thumbnail(640, 480, png()), null, explanation);
        return EnvelopeCodec.encode(new EmbeddingEnvelope(MODEL, new SourceVersion(3, 1_234_567_890_123L), item));
    }

    @Test
    void aBasisInAnUnknownFormatIsRefusedNamingTheField() {
        byte[] bytes = good();
        bytes[BASIS_AT] = 9;
        assertRefused("envelope field 'explanation' at byte " + BASIS_AT + ": explanation format 9 is unknown; 1 (int8 basis), 2 or 3 (sparse feature map) expected",
                bytes);
    }

    @Test
    void everyTruncationIsRefusedAsTruncated() {
        byte[] bytes = good();
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            var error = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", cut), "cut at " + length);
            assertTrue(error.getMessage().endsWith("(the envelope is truncated)"), "cut at " + length + ": " + error.getMessage());
        }
        int thumbnail = bytes.length - THUMBNAIL_AT - 2; // without the empty metadata's count
        assertRefused("envelope field 'thumbnail bytes' at byte " + THUMBNAIL_AT + ": needs " + thumbnail + " bytes, only 10 remain "
                + "(the envelope is truncated)", Arrays.copyOf(bytes, THUMBNAIL_AT + 10));
    }

    @Test
    void aLengthLargerThanTheRestOfTheEnvelopeIsTruncationNotAnAllocation() {
        byte[] bytes = good();
        putInt(bytes, THUMBNAIL_LENGTH_AT, 1_000_000);
        assertRefused("envelope field 'thumbnail bytes' at byte " + THUMBNAIL_AT + ": needs 1000000 bytes, only " + (bytes.length - THUMBNAIL_AT)
                + " remain (the envelope is truncated)", bytes);
    }

    @Test
    void oversizedFieldsAreRefusedNamingTheirLimit() {
        byte[] thumbnail = good();
        putInt(thumbnail, THUMBNAIL_LENGTH_AT, 16 * 1024 * 1024 + 1);
        assertRefused("envelope field 'thumbnail length' at byte " + THUMBNAIL_LENGTH_AT + ": 16777217 bytes; a thumbnail has 1..16777216", thumbnail);

        byte[] basis = good();
        ByteBuffer.wrap(basis).order(ByteOrder.LITTLE_ENDIAN).putShort(BASIS_HEIGHT_AT, (short) 2000);
        assertRefused("envelope field 'basis width' at byte " + (BASIS_HEIGHT_AT + 2) + ": a basis of 2000 x 3 cells; each side must be 1..1024", basis);

        byte[] dim = good();
        putInt(dim, DIM_AT, 70_000);
        assertRefused("envelope field 'model embedding size' at byte " + DIM_AT + ": embedding size 70000 is outside 1..65536", dim);

        byte[] metadata = good();
        ByteBuffer.wrap(metadata).order(ByteOrder.LITTLE_ENDIAN).putShort(metadata.length - 2, (short) 1025);
        assertRefused("envelope field 'metadata entries' at byte " + (metadata.length - 2) + ": 1025 entries; at most 1024 are allowed", metadata);
    }

    @Test
    void anEmbeddingOfAnotherSizeThanItsModelsIsRefused() {
        byte[] bytes = good();
        putInt(bytes, EMBEDDING_LENGTH_AT, 3);
        assertRefused("envelope field 'embedding length' at byte " + EMBEDDING_LENGTH_AT + ": the embedding has 3 values, but its model "
                + MODEL + " makes 4", bytes);
    }

    @Test
    void malformedValuesAreRefusedNamingTheirField() {
        byte[] nan = good();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(EMBEDDING_AT + 8, Float.NaN);
        assertRefused("envelope field 'embedding' at byte " + EMBEDDING_AT + ": value 2 is NaN", nan);

        byte[] flag = good();
        flag[BASIS_FLAG_AT] = 2;
        assertRefused("envelope field 'explanation present' at byte " + BASIS_FLAG_AT + ": flag 2; 0 (absent) or 1 (present) expected", flag);

        byte[] name = good();
        name[2] = (byte) 0xFF;
        assertRefused("envelope field 'model name' at byte 2: is not valid UTF-8", name);

        byte[] partition = good();
        putInt(partition, PARTITION_AT, -1);
        assertRefused("envelope field 'source partition' at byte " + PARTITION_AT + ": partition -1 is negative", partition);

        byte[] image = good();
        image[THUMBNAIL_AT] = 'X';
        assertRefused("envelope field 'thumbnail bytes' at byte " + THUMBNAIL_AT + ": a thumbnail needs JPEG or PNG bytes", image);

        byte[] trailing = Arrays.copyOf(good(), good().length + 1);
        assertRefused("envelope field 'end' at byte " + good().length + ": 1 bytes follow the last field", trailing);
    }

    @Test
    void malformedMetadataIsRefusedNamingTheEntry() {
        byte[] twice = EnvelopeCodec.encode(envelope(Map.of("a", "x", "b", "y")));
        int a = lastIndexOf(twice, new byte[] {1, 0, 'a', 'S'});
        int b = lastIndexOf(twice, new byte[] {1, 0, 'b', 'S'});
        twice[b + 2] = 'a';
        assertRefused("envelope field 'metadata[1].key' at byte " + (Math.max(a, b) + 2) + ": key 'a' appears twice", twice);

        byte[] type = EnvelopeCodec.encode(envelope(Map.of("a", "x")));
        int at = lastIndexOf(type, new byte[] {1, 0, 'a', 'S'}) + 3;
        type[at] = 'X';
        assertRefused("envelope field 'metadata[0].type' at byte " + at + ": type 88 is unknown; 'S' (83), 'L' (76) or 'D' (68) expected", type);
    }

    @Test
    void aBadKeyOrATombstoneIsNotAnEnvelope() {
        var key = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("a/b", good()));
        assertEquals("envelope field 'key' at byte 0: the item id has '/' at position 1; " + io.camsearch.index.ItemId.RULE, key.getMessage());
        var tombstone = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("a", null));
        assertEquals("envelope field 'value' at byte 0: a tombstone (null value) deletes an item and has no envelope", tombstone.getMessage());
    }

    @Test
    void whatTheDecoderWouldRefuseCannotBeEncoded() {
        float[] nan = EMBEDDING.clone();
        nan[1] = Float.NaN;
        var embedding = assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.encode(
                new EmbeddingEnvelope(MODEL, new SourceVersion(0, 0), new CatalogItem("a", nan, null, Map.of()))));
        assertEquals("item 'a': embedding value 1 is NaN", embedding.getMessage());
        var infinite = assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.encode(envelope(Map.of("w", Double.POSITIVE_INFINITY))));
        assertEquals("item 'sku:42': metadata 'w' is Infinity", infinite.getMessage());
        var wrongSize = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddingEnvelope(MODEL, new SourceVersion(0, 0), new CatalogItem("a", new float[3], null, Map.of())));
        assertEquals("item 'a' has an embedding of 3 values, but model " + MODEL + " makes 4", wrongSize.getMessage());
    }

    private static void assertRefused(String message, byte[] value) {
        var error = assertThrows(EnvelopeFormatException.class, () -> EnvelopeCodec.decode("sku:42", value));
        assertEquals(message, error.getMessage());
    }

    /** A valid envelope with basis, thumbnail and no metadata: its last 2 bytes are the metadata count. */
    private static byte[] good() {
        return EnvelopeCodec.encode(envelope(Map.of()));
    }

    private static EmbeddingEnvelope envelope(Map<String, Object> metadata) {
        Thumbnail thumbnail = new Thumbnail(640, 480, png());
        CatalogItem item = new CatalogItem("sku:42", EMBEDDING, new CamBasis(D, H, W, basisValues()), metadata, thumbnail);
        return EmbeddingEnvelope.of(MODEL, new SourceVersion(3, 1_234_567_890_123L), item, null);
    }

    private static float[] basisValues() {
        float[] values = new float[D * H * W];
        values[0] = 0.1f;
        values[1] = 1.0f;
        values[2] = -2.5f;
        for (int i = 3; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 3;
        }
        return values;
    }

    /** The basis's values, one row (embedding dimension) at a time through a one-hot proxy. */
    private static float[] values(CamBasis basis) {
        int cells = basis.height() * basis.width();
        float[] values = new float[basis.dim() * cells];
        for (int x = 0; x < basis.dim(); x++) {
            float[] oneHot = new float[basis.dim()];
            oneHot[x] = 1;
            System.arraycopy(basis.signedMap(new Proxy(oneHot)).values(), 0, values, x * cells, cells);
        }
        return values;
    }

    private static byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    /** Where {@code pattern} last occurs (metadata is the envelope's last field, after the image's bytes). */
    private static int lastIndexOf(byte[] bytes, byte[] pattern) {
        for (int i = bytes.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
