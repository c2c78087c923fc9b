package io.camsearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.CamBasis;
import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.ModelIdentity;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EnvelopeBytesTest {

    private static final ModelIdentity MODEL = new ModelIdentity("bytes-test", "ab".repeat(32), 8);

    @Test
    void theFieldsAddUpToTheEncodedEnvelopeAndTheEmbeddingIsItsFloats() throws Exception {
        CatalogItem item = item("item-1", Map.of("name", "a red mug", "price", 12L));

        EnvelopeBytes bytes = EnvelopeBytes.of(MODEL, null, item);

        int encoded = EnvelopeCodec.encode(EmbeddingEnvelope.of(MODEL, new SourceVersion(0, 0), item, null)).length;
        assertEquals(encoded, bytes.envelope());
        assertEquals(encoded, bytes.embedding() + bytes.explanation() + bytes.thumbnail() + bytes.metadata() + bytes.overhead(), 1e-9);
        assertEquals(8 * Float.BYTES, bytes.embedding(), 1e-9, "float32 values, as the codec documents");
        assertTrue(bytes.thumbnail() > item.thumbnail().bytes().length, "the image bytes and their header: " + bytes);
        assertTrue(bytes.explanation() > 0 && bytes.metadata() > 0 && bytes.overhead() > 0, bytes.toString());
    }

    @Test
    void theMeanOfTwoItemsIsTheMeanOfEachField() throws Exception {
        CatalogItem small = item("a", Map.of());
        CatalogItem large = item("b", Map.of("name", "x".repeat(100)));

        EnvelopeBytes mean = EnvelopeBytes.meanOf(MODEL, null, List.of(small, large));

        EnvelopeBytes one = EnvelopeBytes.of(MODEL, null, small);
        EnvelopeBytes two = EnvelopeBytes.of(MODEL, null, large);
        assertEquals((one.metadata() + two.metadata()) / 2, mean.metadata(), 1e-9);
        assertEquals((one.envelope() + two.envelope()) / 2, mean.envelope(), 1e-9);
        assertTrue(two.metadata() > one.metadata(), "a longer value costs more: " + one + " " + two);
    }

    private static CatalogItem item(String id, Map<String, Object> metadata) throws Exception {
        float[] embedding = {1, 0, 0, 0, 0, 0, 0, 0};
        float[] basis = new float[8 * 3 * 3];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (i % 7) * 0.25f - 0.5f;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        return new CatalogItem(id, embedding, new CamBasis(8, 3, 3, basis), metadata, new Thumbnail(4, 4, png.toByteArray()));
    }
}
