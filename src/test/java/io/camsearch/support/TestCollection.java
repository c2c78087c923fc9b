package io.camsearch.support;

import static org.awaitility.Awaitility.await;

import io.camsearch.index.CatalogIndex;
import io.camsearch.local.CatalogPublisher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small catalog of a test's own, published once to the app the Quarkus tests share: demo
 * classes no other test searches, each item tagged {@code collection=<name>} so that the test's
 * searches can keep to it ({@link #filter()}).
 */
public final class TestCollection {

    private final String name;
    private final int[] classes;
    private final int perClass;
    private boolean published;

    public TestCollection(String name, int[] classes, int perClass) {
        this.name = name;
        this.classes = classes.clone();
        this.perClass = perClass;
    }

    public String id(int demoClass, int i) {
        return name + "-c" + demoClass + "-" + i;
    }

    public String filter() {
        return "collection=" + name + "-test";
    }

    /** Publishes the items the first time, and waits until every one is in the index. */
    public void publishOnce(String bootstrapServers, CatalogIndex index) throws Exception {
        if (published) {
            return;
        }
        try (CatalogPublisher publisher = new CatalogPublisher(bootstrapServers)) {
            for (int c : classes) {
                for (int i = 0; i < perClass; i++) {
                    Map<String, Object> metadata = new LinkedHashMap<>(CatalogImages.metadata(c, i));
                    metadata.put("collection", name + "-test");
                    publisher.upsert(id(c, i), CatalogImages.png(c, i), metadata);
                }
            }
        }
        await("the published catalog indexed").atMost(Duration.ofMinutes(2)).until(() -> {
            for (int c : classes) {
                for (int i = 0; i < perClass; i++) {
                    if (index.get(id(c, i)).isEmpty()) {
                        return false;
                    }
                }
            }
            return true;
        });
        published = true;
    }
}
