package io.camsearch.local;

import io.camsearch.dataset.CatalogSpec;
import io.camsearch.dataset.ProductClass;
import io.camsearch.dataset.SyntheticCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The demo catalog: products of the synthetic catalog (the classes the demo model knows), published
 * as catalog events with metadata a shop would send, so that filters have something to work on.
 */
public final class DemoCatalog {

    private final SyntheticCatalog catalog;
    private final int classes;
    private final int perClass;

    public DemoCatalog(int classes, int perClass) {
        if (classes < 1 || classes > CatalogSpec.DEFAULT_CLASSES || perClass < 1) {
            throw new IllegalArgumentException("the demo catalog needs 1.." + CatalogSpec.DEFAULT_CLASSES + " classes and at least 1 image per class, got "
                    + classes + " x " + perClass);
        }
        this.catalog = new SyntheticCatalog(new CatalogSpec(7, CatalogSpec.DEFAULT_CLASSES, Math.max(perClass, 1), CatalogSpec.DEFAULT_IMAGE_SIZE));
        this.classes = classes;
        this.perClass = perClass;
    }

    public int size() {
        return classes * perClass;
    }

    private byte[] png(ProductClass productClass, int index) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(catalog.render(productClass, index).image(), "png", png);
        return png.toByteArray();
    }

    public static String id(ProductClass productClass, int index) {
        return "demo-" + productClass.id() + "-" + index;
    }

    public static Map<String, Object> metadata(ProductClass productClass, int index) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", productClass.label() + " #" + (index + 1));
        metadata.put("category", productClass.shape().name().toLowerCase());
        metadata.put("colour", productClass.colour().name().toLowerCase());
        metadata.put("pattern", productClass.pattern().name().toLowerCase());
        metadata.put("class", productClass.name());
        metadata.put("price", 5 + (productClass.id() * 37 + index * 11) % 195);
        return metadata;
    }

    /** The metadata of the {@code n}-th item in publishing order, counting round the catalog again past its end. */
    public Map<String, Object> metadata(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("an item's place in the catalog is >= 0, got " + n);
        }
        int item = n % size();
        return metadata(catalog.classes().get(item / perClass), item % perClass);
    }

    /** Every item's image as PNG, in publishing order. */
    public List<byte[]> pngs() throws IOException {
        List<byte[]> pngs = new ArrayList<>(size());
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                pngs.add(png(catalog.classes().get(c), i));
            }
        }
        return pngs;
    }

    /**
     * Every item's catalog event (inline PNG), keyed by its id with {@code idPrefix} in front, in
     * publishing order: rendered beforehand, so that a benchmark's clock sees only the publishing.
     */
    public Map<String, byte[]> events(String idPrefix) throws IOException {
        Map<String, byte[]> events = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            ProductClass productClass = catalog.classes().get(c);
            for (int i = 0; i < perClass; i++) {
                String id = idPrefix + id(productClass, i);
                events.put(id, CatalogPublisher.inlineEvent(id, png(productClass, i), metadata(productClass, i)));
            }
        }
        return events;
    }

    /** Publishes every item (inline PNG) and waits for the broker's acknowledgements. */
    public void publish(CatalogPublisher publisher, PrintStream progress) throws IOException {
        int done = 0;
        for (int c = 0; c < classes; c++) {
            ProductClass productClass = catalog.classes().get(c);
            for (int i = 0; i < perClass; i++) {
                publisher.upsert(id(productClass, i), png(productClass, i), metadata(productClass, i));
                done++;
            }
            if ((c + 1) % Math.max(1, classes / 10) == 0 || c == classes - 1) {
                publisher.flush();
                progress.printf("  published %d/%d catalog events%n", done, size());
            }
        }
    }
}
