package io.camsearch.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.LiteralEmbeddingCam;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import io.camsearch.support.CounterfactualMaps;
import io.camsearch.support.DemoImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A heatmap's counterfactual map is ReLU(-S) of its signed map, cell by cell: checked against S
 * computed apart, by the paper's literal algorithm (one autograd pass per proxy on the feature map),
 * negated, rectified and normalized by hand, on the demo model and catalog images.
 */
class CounterfactualMapTest {

    @Test
    void theCounterfactualIsTheReluOfTheNegatedSignedMapCellByCell() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            List<AnalyzedImage> images = DemoImages.analyzed(model, 6, 3);
            EmbeddingCam cam = new EmbeddingCam(model);
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            LiteralEmbeddingCam literal = new LiteralEmbeddingCam(model);
            int withBothSides = 0;
            for (int i = 0; i < images.size(); i++) {
                AnalyzedImage image = images.get(i);
                Proxy p = Proxy.singlePoint(images.get((i + 4) % images.size()).features().embedding());
                int width = image.image().width();
                int height = image.image().height();
                Heatmap heatmap = Heatmap.of(image.features().signedMap(p), width, height, Localizer.DEFAULT_THRESHOLD);

                CamFeatures forward = cam.forward(List.of(explainer.toInput(image.image()))).get(0);
                Grid literalSigned = literal.signedMap(forward, p);
                double[] expected = CounterfactualMaps.normalized(literalSigned);
                float[] actual = heatmap.counterfactual().normalized().values();
                assertEquals(expected.length, actual.length);
                for (int cell = 0; cell < actual.length; cell++) {
                    // 16-bit quantization of the token, and the basis against autograd (about 1e-6 of the map's range).
                    assertEquals(expected[cell], actual[cell], 1e-3, "image " + i + ", cell " + cell);
                }
                double peak = CounterfactualMaps.peak(literalSigned);
                assertEquals(peak, heatmap.counterfactual().peak(), 1e-4 * Math.max(1, peak), "image " + i + "'s counterfactual peak");
                assertEquals(peak > 0, heatmap.counterfactual().box().isPresent(), "a box exactly when some cell argues against, image " + i);
                float[] positive = heatmap.normalized().values();
                for (int cell = 0; cell < actual.length; cell++) {
                    assertTrue(positive[cell] == 0 || actual[cell] == 0, "cell " + cell + " of image " + i + " is on one side only");
                }
                withBothSides += heatmap.peak() > 0 && peak > 0 ? 1 : 0;
            }
            assertTrue(withBothSides >= 5, withBothSides + " of " + images.size() + " maps have cells on both sides");
        }
    }
}
