package io.camsearch.eval;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Proxy;
import io.camsearch.dataset.CubImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageTensorizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The model-randomization sanity check (Adebayo et al., "Sanity Checks for Saliency Maps"): a
 * heatmap that explains the trained network should change when the weights are randomized. For
 * each image, the Spearman rank correlation between the trained network's single-point heatmap and
 * the random network's (each with its own embedding as proxy) on the feature grid; low is good.
 * Images where either map is constant (no ranking) are left out and counted.
 */
final class RandomizationCheck {

    private final ImageTensorizer tensorizer;
    private final ImageDecoder decoder;
    private final ExplanationEvaluation.Settings settings;
    private final PrintStream progress;

    RandomizationCheck(ImageTensorizer tensorizer, ImageDecoder decoder, ExplanationEvaluation.Settings settings, PrintStream progress) {
        this.tensorizer = tensorizer;
        this.decoder = decoder;
        this.settings = settings;
        this.progress = progress;
    }

    MeanStd spearman(EmbeddingCam trained, EmbeddingCam randomized, List<CubImage> images) {
        int count = Math.min(settings.randomizationImages(), images.size());
        int stride = Math.max(1, images.size() / Math.max(1, count));
        List<Double> correlations = new ArrayList<>();
        int skipped = 0;
        for (int c = 0; c < count; c++) {
            float[] input = tensorizer.toChw(ExplanationEvaluation.decode(decoder, images.get(c * stride)));
            Grid a = selfHeatmap(trained, input);
            Grid b = selfHeatmap(randomized, input);
            if (a.max() == a.min() || b.max() == b.min()) {
                skipped++;
                continue;
            }
            correlations.add(RankCorrelation.spearman(a.values(), b.values()));
        }
        progress.printf("  randomization check on %d images (%d with a constant map left out)%n", count, skipped);
        return MeanStd.of(correlations);
    }

    private static Grid selfHeatmap(EmbeddingCam cam, float[] input) {
        CamFeatures features = cam.analyze(List.of(input)).get(0);
        return features.signedMap(Proxy.singlePoint(features.embedding())).relu();
    }
}
