package io.camsearch.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.ScoreRegions;
import io.camsearch.cam.Vectors;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.LinearHead;
import io.camsearch.model.Models;
import io.camsearch.support.DemoImages;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A heatmap's score regions on the demo model (global-average-pool -> linear) and demo catalog images. */
class HeatmapRegionsTest {

    /**
     * The score is computed apart from the map: the embedding y of the explained image dotted with
     * the proxy p (another image's embedding), minus the head's bias b dotted with p. The map's
     * regions and its negative cells must account for all of it.
     */
    @Test
    void regionsAndNegativeCellsAddUpToTheScoreComputedFromTheEmbeddings() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            assertEquals(HeadKind.GAP_LINEAR, model.descriptor().head(), "the demo model's head is pool -> linear");
            float[] bias = LinearHead.probe(model).bias();
            List<AnalyzedImage> images = DemoImages.analyzed(model, 6, 3);
            int checked = 0;
            int withSeveralRegions = 0;
            for (int i = 0; i < images.size(); i++) {
                AnalyzedImage image = images.get(i);
                float[] p = images.get((i + 1) % images.size()).features().embedding();
                double expected = Vectors.dot(image.features().embedding(), p) - Vectors.dot(bias, p);
                Grid signed = image.features().signedMap(Proxy.singlePoint(p));
                double tolerance = 1e-4 * absoluteSum(signed) + 1e-4;
                Heatmap heatmap = Heatmap.of(signed, image.image().width(), image.image().height(), Localizer.DEFAULT_THRESHOLD);
                assertEquals(expected, heatmap.score(), tolerance, "the heatmap's score is y.p - b.p, image " + i);

                List<ScoreRegions.Region> all = ScoreRegions.of(signed);
                double accounted = negativeSum(signed) + all.stream().mapToDouble(ScoreRegions.Region::sum).sum();
                assertEquals(expected, accounted, tolerance, "regions plus negative cells add up to y.p - b.p, image " + i);
                if (expected > 0) {
                    double shares = all.stream().mapToDouble(r -> r.sum() / expected).sum() + negativeSum(signed) / expected;
                    assertEquals(1.0, shares, 1e-3, "the shares add up to 1, image " + i);
                    assertEquals(Math.min(all.size(), Heatmap.MAX_REGIONS), heatmap.regions().size(), "the top regions are kept, image " + i);
                    for (int r = 0; r < heatmap.regions().size(); r++) {
                        assertEquals(all.get(r).sum() / heatmap.score(), heatmap.regions().get(r).share(), 1e-9, "region " + r + "'s share");
                    }
                    checked++;
                    withSeveralRegions += all.size() > 1 ? 1 : 0;
                } else {
                    assertEquals(List.of(), heatmap.regions(), "no shares of a score that is not positive");
                }
            }
            System.out.printf("score regions: %d maps checked, %d with more than one region%n", checked, withSeveralRegions);
            assertTrue(checked >= 10, checked + " maps with a positive score");
        }
    }

    @Test
    void regionsAreDisjointOrderedByShareAndTheirBoxesLieInsideTheImage() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            List<AnalyzedImage> images = DemoImages.analyzed(model, 6, 3);
            int[][] sizes = {{128, 128}, {1600, 1200}, {333, 4000}};
            for (int i = 0; i < images.size(); i++) {
                Grid signed = images.get(i).features().signedMap(Proxy.singlePoint(images.get((i + 3) % images.size()).features().embedding()));
                List<ScoreRegions.Region> regions = ScoreRegions.of(signed);
                Set<Integer> claimed = new HashSet<>();
                for (int r = 0; r < regions.size(); r++) {
                    for (int cell : regions.get(r).cells()) {
                        assertTrue(signed.values()[cell] > 0, "region " + r + " holds only positive cells");
                        assertTrue(claimed.add(cell), "cell " + cell + " belongs to one region only");
                    }
                    if (r > 0) {
                        assertTrue(regions.get(r - 1).sum() >= regions.get(r).sum(), "regions ordered by their sum, image " + i);
                    }
                }
                for (int[] size : sizes) {
                    Heatmap heatmap = Heatmap.of(signed, size[0], size[1], Localizer.DEFAULT_THRESHOLD);
                    for (int r = 0; r < heatmap.regions().size(); r++) {
                        Box box = heatmap.regions().get(r).box();
                        assertTrue(box.right() <= size[0] && box.bottom() <= size[1], box + " lies inside " + size[0] + " x " + size[1]);
                        if (r > 0) {
                            assertTrue(heatmap.regions().get(r - 1).share() >= heatmap.regions().get(r).share(), "ordered by share");
                        }
                    }
                }
            }
        }
    }

    @Test
    void twoBlobsAreTwoRegionsWithTheirCellBoxes() {
        float[] values = new float[6 * 8];
        java.util.Arrays.fill(values, -0.5f);
        values[8 + 1] = 2f; // (1, 1)
        values[2 * 8 + 2] = 1f; // (2, 2): a corner neighbour of (1, 1), the same region
        values[4 * 8 + 6] = 4f; // (4, 6)
        List<ScoreRegions.Region> regions = ScoreRegions.of(new Grid(6, 8, values));
        assertEquals(2, regions.size());
        assertEquals(new Box(6, 4, 1, 1), regions.get(0).box());
        assertEquals(4.0, regions.get(0).sum(), 1e-9);
        assertEquals(new Box(1, 1, 2, 2), regions.get(1).box());
        assertEquals(3.0, regions.get(1).sum(), 1e-9);
        // Score 7 - 45 * 0.5 < 0: no shares to give.
        assertEquals(List.of(), Heatmap.of(new Grid(6, 8, values), 80, 60, Localizer.DEFAULT_THRESHOLD).regions());
        values[7] = 30f; // (0, 7), touching no other region; score 7 + 30 - 44 * 0.5 = 15
        Heatmap heatmap = Heatmap.of(new Grid(6, 8, values), 80, 60, Localizer.DEFAULT_THRESHOLD);
        assertEquals(15.0, heatmap.score(), 1e-4);
        assertEquals(3, heatmap.regions().size());
        assertEquals(new Heatmap.Region(new Box(70, 0, 10, 10), 2.0), heatmap.regions().get(0));
        assertEquals(new Box(60, 40, 10, 10), heatmap.regions().get(1).box());
        assertEquals(4 / 15.0, heatmap.regions().get(1).share(), 1e-6);
        assertEquals(new Box(10, 10, 20, 20), heatmap.regions().get(2).box());
        assertEquals(3 / 15.0, heatmap.regions().get(2).share(), 1e-6);
    }


    private static double absoluteSum(Grid grid) {
        double sum = 0;
        for (float v : grid.values()) {
            sum += Math.abs(v);
        }
        return sum;
    }

    private static double negativeSum(Grid grid) {
        double sum = 0;
        for (float v : grid.values()) {
            sum += Math.min(0, v);
        }
        return sum;
    }
}
