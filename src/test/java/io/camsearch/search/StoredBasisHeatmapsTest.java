package io.camsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.BasisCodec;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.SparseFeatureMap;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.MetadataFilter;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.DemoImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hit-side heatmaps a search draws from the index's stored bases, against the same heatmaps
 * drawn from the exact bases the model computed, over the demo catalog: every item searched by its
 * own embedding, its nearest other items as hits (the proxies a search uses). Issue 15's targets:
 * every normalized map within 0.02 of the exact one, the same box in at least 98% of hits, for both
 * stored forms ({@link StoredExplanation}); the sparse feature maps in at most 8 KB an item (mean).
 */
class StoredBasisHeatmapsTest {

    private static final int CLASSES = 50;
    private static final int PER_CLASS = 4;
    private static final int K = 10;

    @TempDir
    Path dir;

    /** The demo model's head is pool -> linear: its items store their sparse feature maps, at most 8 KB each. */
    @Test
    void hitHeatmapsFromStoredFeatureMapsMeetTheTargetsInAtMost8KbAnItem() throws Exception {
        hitHeatmapsMeetTheTargets(true);
    }

    /** Without the model's shared M (another head), items store BasisCodec's basis: the same targets. */
    @Test
    void hitHeatmapsFromStoredBasesMeetTheTargetsAgainstTheExactBases() throws Exception {
        hitHeatmapsMeetTheTargets(false);
    }

    private void hitHeatmapsMeetTheTargets(boolean featureMaps) throws Exception {
        Map<String, AnalyzedImage> exact = new HashMap<>();
        List<CatalogItem> items = new ArrayList<>();
        SharedGradient gradient;
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            gradient = featureMaps ? new EmbeddingCam(model).sharedGradient().orElseThrow() : null;
            List<AnalyzedImage> analyzed = DemoImages.analyzed(model, CLASSES, PER_CLASS);
            for (int i = 0; i < analyzed.size(); i++) {
                AnalyzedImage image = analyzed.get(i);
                String id = "demo-" + i;
                exact.put(id, image);
                items.add(new CatalogItem(id, image.features().embedding(), image.features().basis(),
                        CatalogImages.metadata(i / PER_CLASS, i % PER_CLASS)));
            }
        }
        long largest = 0;
        long total = 0;
        for (CatalogItem item : items) {
            byte[] stored = StoredExplanation.encode(item.basis(), item.embedding(), gradient);
            assertEquals(featureMaps ? SparseFeatureMap.SPARSE_12 : BasisCodec.INT8_PER_CELL, stored[0], "the stored form of " + item.id());
            largest = Math.max(largest, stored.length);
            total += stored.length;
        }
        long mean = total / items.size();
        if (featureMaps) {
            // the length follows each item's sparsity: 8 KB is the catalog's mean (the largest is printed)
            assertTrue(mean <= 8192, "the feature maps in at most 8 KB an item on average, got " + mean);
        }
        double worst = 0;
        int sameBox = 0;
        int hits = 0;
        try (CatalogIndex index = CatalogIndex.open(dir, 50, HnswSettings.DEFAULT, gradient)) {
            index.upsert(items);
            index.refresh();
            for (CatalogItem query : items) {
                Proxy proxy = Proxy.singlePoint(query.embedding());
                for (Hit hit : index.search(query.embedding(), K + 1, MetadataFilter.NONE)) {
                    if (hit.item().id().equals(query.id())) {
                        continue;
                    }
                    AnalyzedImage image = exact.get(hit.item().id());
                    CamBasis exactBasis = image.features().basis();
                    Heatmap fromExact = Heatmap.of(exactBasis.signedMap(proxy), image.image().width(), image.image().height(), Localizer.DEFAULT_THRESHOLD);
                    Heatmap fromStored = Heatmap.of(hit.item().basis().signedMap(proxy), image.image().width(), image.image().height(), Localizer.DEFAULT_THRESHOLD);
                    worst = Math.max(worst, exactBasis.signedMap(proxy).relu().normalized()
                            .maxDifference(hit.item().basis().signedMap(proxy).relu().normalized()));
                    if (fromExact.box().equals(fromStored.box())) {
                        sameBox++;
                    }
                    hits++;
                }
            }
        }
        double sameBoxRate = (double) sameBox / hits;
        System.out.printf("stored %s over the demo catalog: %d bytes an item (largest %d), %d hits, worst normalized-map error %.4f, same box %.4f%n", featureMaps ? "feature maps" : "bases", mean, largest, hits, worst, sameBoxRate);
        assertTrue(hits >= CLASSES * PER_CLASS * (K - 1), hits + " hits compared");
        assertTrue(worst <= 0.02, "every hit's normalized map within 0.02 of the exact basis', worst " + worst);
        assertTrue(sameBoxRate >= 0.98, "the same box in at least 98% of hits, got " + sameBoxRate);
    }
}
