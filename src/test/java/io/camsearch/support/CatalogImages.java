package io.camsearch.support;

import io.camsearch.dataset.CatalogSpec;
import io.camsearch.dataset.ProductClass;
import io.camsearch.dataset.SyntheticCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Real product images from the project's synthetic catalog (the demo model was trained on its classes), as PNG bytes. */
public final class CatalogImages {

    private static final SyntheticCatalog CATALOG = new SyntheticCatalog(new CatalogSpec(1, CatalogSpec.DEFAULT_CLASSES, 200, CatalogSpec.DEFAULT_IMAGE_SIZE));

    private CatalogImages() {}

    public static byte[] png(int classId, int index) {
        ProductClass productClass = CATALOG.classes().get(classId);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(CATALOG.render(productClass, index).image(), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Metadata a shop would send: the class as category (a term), a price (a number). */
    public static Map<String, Object> metadata(int classId, int index) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("category", "class-" + classId);
        metadata.put("shape", CATALOG.classes().get(classId).shape().name().toLowerCase());
        metadata.put("price", 10 + index);
        return metadata;
    }
}
