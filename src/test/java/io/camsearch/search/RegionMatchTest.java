package io.camsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Box;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.ScoreRegions;
import io.camsearch.cam.Vectors;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.LinearHead;
import io.camsearch.model.Models;
import io.camsearch.support.DemoImages;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The query's top region and the hit's matching region, on the demo model (pool -> linear) and demo catalog images. */
class RegionMatchTest {

    /**
     * The hit's map is made from the part v of the query's embedding that the query's top region
     * makes: v . y_hit (computed here from the embeddings) is that region's sum in the query's map,
     * and the hit's map sums to v . (y_hit - b). The match's query region is the query heatmap's top region.
     */
    @Test
    void theHitsMapIsTheQueryRegionsPartOfTheSimilarity() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            float[] bias = LinearHead.probe(model).bias();
            List<AnalyzedImage> images = DemoImages.analyzed(model, 6, 3);
            int matched = 0;
            int sameImageOverlaps = 0;
            for (int i = 0; i < images.size(); i++) {
                AnalyzedImage query = images.get(i);
                AnalyzedImage hit = images.get(i % 3 == 2 ? i - 2 : i + 1); // another image of the query's class
                CamBasis queryBasis = query.features().basis();
                CamBasis hitBasis = hit.features().basis();
                float[] yHit = hit.features().embedding();
                Grid queryMap = queryBasis.signedMap(Proxy.singlePoint(yHit));
                Optional<RegionMatch> match = RegionMatch.of(queryMap, queryBasis, 128, 128, hitBasis, 128, 128);
                if (match.isEmpty()) {
                    continue;
                }
                matched++;
                ScoreRegions.Region top = ScoreRegions.of(queryMap).get(0);
                float[] part = queryBasis.partOf(top.cells());
                double tolerance = 1e-4 * Math.abs(top.sum()) + 1e-3;
                assertEquals(top.sum(), Vectors.dot(part, yHit), tolerance, "v . y_hit is the query region's sum, image " + i);
                Grid hitMap = hitBasis.signedMap(new Proxy(part));
                assertEquals(Vectors.dot(part, yHit) - Vectors.dot(part, bias), hitMap.sum(), tolerance, "the hit map sums to v . (y_hit - b)");
                Heatmap queryHeatmap = Heatmap.of(queryMap, 128, 128, Localizer.DEFAULT_THRESHOLD);
                assertEquals(queryHeatmap.regions().get(0), match.get().query(), "the query's top region");
                assertEquals(Heatmap.regions(hitMap, hitMap.sum(), 128, 128).get(0), match.get().hit(), "the hit map's top region");

                // Against itself, a region's features agree most with themselves: the match overlaps the region.
                RegionMatch self = RegionMatch.of(queryMap, queryBasis, 128, 128, queryBasis, 128, 128).orElseThrow();
                Box queryBox = self.query().box();
                sameImageOverlaps += self.hit().box().intersection(queryBox).isPresent() ? 1 : 0;
            }
            System.out.printf("region matches: %d of %d pairs, %d self-matches overlap the query region%n", matched, images.size(), sameImageOverlaps);
            assertTrue(matched >= 10, matched + " pairs with a match");
            assertEquals(matched, sameImageOverlaps, "every self-match overlaps the query's region");
        }
    }
}
