package io.camsearch.eval;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.Vectors;
import io.camsearch.dataset.CubImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageTensorizer;
import io.camsearch.model.ModelDescriptor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The deletion curve of the single-point heatmap: the image's regions are blanked hottest first (to
 * the dataset mean, i.e. 0 after normalization) and the image re-embedded; the similarity y . p to
 * the original embedding p falls faster, and its curve has a smaller area, the more faithful the
 * heatmap is. The same images blanked in random orders give the baseline.
 *
 * <p>A region is the patch of input pixels under one feature-grid cell (8 x 8 for the demo
 * network), for both orders: blanking scattered single pixels instead makes salt-and-pepper noise
 * that no training image looked like, and the random order's similarity then swings far below
 * zero for reasons that have nothing to do with the heatmap.
 */
final class Faithfulness {

    record Curves(Curve heatmap, MeanStd heatmapArea, Curve random, MeanStd randomArea) {}

    private final EmbeddingCam cam;
    private final ImageTensorizer tensorizer;
    private final ImageDecoder decoder;
    private final ExplanationEvaluation.Settings settings;
    private final PrintStream progress;

    Faithfulness(EmbeddingCam cam, ImageTensorizer tensorizer, ImageDecoder decoder, ExplanationEvaluation.Settings settings, PrintStream progress) {
        this.cam = cam;
        this.tensorizer = tensorizer;
        this.decoder = decoder;
        this.settings = settings;
        this.progress = progress;
    }

    Curves deletion(List<CubImage> images) {
        ModelDescriptor d = cam.model().descriptor();
        int count = Math.min(settings.deletionImages(), images.size());
        int stride = Math.max(1, images.size() / Math.max(1, count));
        DeletionCurve deletion = new DeletionCurve();
        List<Curve> heatmapCurves = new ArrayList<>();
        List<Curve> randomCurves = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            float[] input = tensorizer.toChw(ExplanationEvaluation.decode(decoder, images.get(c * stride)));
            CamFeatures features = cam.analyze(List.of(input)).get(0);
            float[] p = features.embedding();
            Grid heatmap = features.signedMap(Proxy.singlePoint(p)).relu();
            DeletionCurve.Scorer scorer = blanked -> Vectors.dot(cam.embed(List.of(blank(input, blanked, d)))[0], p);
            heatmapCurves.add(deletion.measure(DeletionCurve.hottestFirst(heatmap), scorer));
            for (int seed = 0; seed < settings.randomOrders(); seed++) {
                randomCurves.add(deletion.measure(DeletionCurve.randomOrder(heatmap.height() * heatmap.width(), 1000L * c + seed), scorer));
            }
            if ((c + 1) % Math.max(1, count / 5) == 0 || c + 1 == count) {
                progress.printf("  deletion curves %d/%d images%n", c + 1, count);
            }
        }
        return new Curves(mean(heatmapCurves), areas(heatmapCurves), mean(randomCurves), areas(randomCurves));
    }

    /** The input with the patches under the flagged cells set to 0 in every channel, i.e. to the normalization mean. */
    private static float[] blank(float[] input, boolean[] blankedCells, ModelDescriptor d) {
        float[] out = input.clone();
        int height = d.inputHeight();
        int width = d.inputWidth();
        int pixels = height * width;
        for (int y = 0; y < height; y++) {
            int row = y * d.featureHeight() / height;
            for (int x = 0; x < width; x++) {
                if (blankedCells[row * d.featureWidth() + x * d.featureWidth() / width]) {
                    int i = y * width + x;
                    out[i] = 0f;
                    out[pixels + i] = 0f;
                    out[2 * pixels + i] = 0f;
                }
            }
        }
        return out;
    }

    private static Curve mean(List<Curve> curves) {
        Curve first = curves.get(0);
        double[] ys = new double[first.size()];
        for (Curve curve : curves) {
            for (int i = 0; i < ys.length; i++) {
                ys[i] += curve.y(i) / curves.size();
            }
        }
        return new Curve(first.xs(), ys);
    }

    private static MeanStd areas(List<Curve> curves) {
        return MeanStd.of(curves.stream().map(Curve::area).toList());
    }
}
