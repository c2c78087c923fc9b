package io.camsearch.eval;

import io.camsearch.cam.Box;
import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.dataset.CubImage;
import io.camsearch.dataset.SegmentationMask;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.ImageTensorizer;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The paper's evaluation of one model on held-out images: retrieval (Recall@K), and EmbeddingCAM's
 * heatmaps judged by where their mass lies (heatmap ratio in box and mask, beside a uniform
 * heatmap's), by weakly supervised localization (IoU >= 0.5 with the ground-truth box), by
 * faithfulness (the deletion curve, against a random order) and by the model-randomization sanity
 * check (rank correlation with the heatmaps of the same network with random weights).
 *
 * <p>Proxies: the single-point proxy is the image's own embedding ("what makes this image look like
 * itself"); the class proxy is the normalized mean of the held-out class's embeddings. Each is
 * evaluated over all channels and over the top-N channels.
 */
public final class ExplanationEvaluation {

    /** One way of making the heatmap. */
    public record Variant(String proxy, int topChannels) {
        public String label() {
            return proxy + ", " + (topChannels == 0 ? "all channels" : "top " + topChannels + " channels");
        }
    }

    /**
     * @param topChannels N for the top-N variants
     * @param deletionImages images on which deletion curves are measured (each costs 21 forwards per order)
     * @param randomOrders random orders per image for the deletion baseline
     * @param randomizationImages images for the model-randomization check
     * @param batchSize images per forward
     */
    public record Settings(int topChannels, int deletionImages, int randomOrders, int randomizationImages, int batchSize) {
        public static final Settings DEFAULT = new Settings(50, 100, 3, 300, 32);
    }

    /** Per-variant results. */
    public record VariantResult(Variant variant, MeanStd boxRatio, MeanStd boxUniform, MeanStd maskRatio, MeanStd maskUniform,
                                double localizationAtDefault, Curve localizationCurve) {}

    /** Everything measured. */
    public record Result(int images, SequencedMap<Integer, Double> recall, List<VariantResult> variants,
                         Curve deletionHeatmap, MeanStd deletionHeatmapArea, Curve deletionRandom, MeanStd deletionRandomArea,
                         MeanStd randomizationSpearman, List<Example> examples) {}

    /** A picture for the examples grid: an image, its single-point heatmap, the true and the predicted box. */
    public record Example(DecodedImage image, Grid heatmap, Box truth, Box predicted) {}

    private final Settings settings;
    private final PrintStream progress;

    public ExplanationEvaluation(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * @param randomized the same architecture with random weights, for the sanity check; null to skip it
     * @param labels dense class labels of {@code images}
     */
    public Result run(EmbeddingModel model, EmbeddingModel randomized, List<CubImage> images, int[] labels) {
        ModelDescriptor d = model.descriptor();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        ImageTensorizer tensorizer = new ImageTensorizer(d.preprocessing());
        EmbeddingCam cam = new EmbeddingCam(model);
        int n = images.size();

        progress.printf("evaluating %s on %d held-out images%n", d.name(), n);
        float[][] embeddings = new float[n][];
        forEachBatch(n, "embedding", (start, end) -> {
            List<float[]> inputs = new ArrayList<>();
            for (int i = start; i < end; i++) {
                inputs.add(tensorizer.toChw(decode(decoder, images.get(i))));
            }
            float[][] part = cam.embed(inputs);
            System.arraycopy(part, 0, embeddings, start, part.length);
        });
        SequencedMap<Integer, Double> recall = RecallAtK.compute(embeddings, labels, 1, 5);
        progress.printf("  Recall@1 %.3f, Recall@5 %.3f%n", recall.get(1), recall.get(5));
        Map<Integer, Proxy> classProxies = classMeans(embeddings, labels);

        List<Variant> variants = List.of(
                new Variant("single-point", 0), new Variant("single-point", settings.topChannels()),
                new Variant("class mean", 0), new Variant("class mean", settings.topChannels()));
        List<List<Double>> boxRatio = lists(variants.size());
        List<List<Double>> boxUniform = lists(variants.size());
        List<List<Double>> maskRatio = lists(variants.size());
        List<List<Double>> maskUniform = lists(variants.size());
        List<List<LocalizationAccuracy.Sample>> samples = new ArrayList<>();
        variants.forEach(v -> samples.add(new ArrayList<>()));
        List<Example> examples = new ArrayList<>();
        Localizer localizer = new Localizer();

        forEachBatch(n, "explaining", (start, end) -> {
            List<DecodedImage> decoded = new ArrayList<>();
            List<float[]> inputs = new ArrayList<>();
            for (int i = start; i < end; i++) {
                DecodedImage image = decode(decoder, images.get(i));
                decoded.add(image);
                inputs.add(tensorizer.toChw(image));
            }
            List<CamFeatures> features = cam.analyze(inputs);
            for (int i = start; i < end; i++) {
                CubImage truth = images.get(i);
                DecodedImage image = decoded.get(i - start);
                CamFeatures f = features.get(i - start);
                boolean[] mask = truth.segmentation().isPresent() ? foreground(truth, image) : null;
                for (int v = 0; v < variants.size(); v++) {
                    Variant variant = variants.get(v);
                    Proxy p = variant.proxy().equals("single-point") ? Proxy.singlePoint(f.embedding()) : classProxies.get(labels[i]);
                    Grid signed = variant.topChannels() > 0 ? f.signedMap(p, variant.topChannels()) : f.signedMap(p);
                    Grid heatmap = signed.relu().normalized().upsampleBilinear(image.height(), image.width());
                    HeatmapRatio inBox = HeatmapRatio.inBox(heatmap, truth.box());
                    boxRatio.get(v).add(inBox.heatmapShare());
                    boxUniform.get(v).add(inBox.uniformShare());
                    if (mask != null) {
                        HeatmapRatio inMask = HeatmapRatio.inMask(heatmap, mask);
                        maskRatio.get(v).add(inMask.heatmapShare());
                        maskUniform.get(v).add(inMask.uniformShare());
                    }
                    samples.get(v).add(new LocalizationAccuracy.Sample(heatmap, truth.box()));
                    if (v == 0 && examples.size() < 12 && i % Math.max(1, n / 12) == 0) {
                        examples.add(new Example(image, heatmap, truth.box(), localizer.localize(heatmap).orElse(null)));
                    }
                }
            }
        });

        List<VariantResult> results = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            List<LocalizationAccuracy.Sample> s = samples.get(v);
            results.add(new VariantResult(variants.get(v), MeanStd.of(boxRatio.get(v)), MeanStd.of(boxUniform.get(v)),
                    maskRatio.get(v).isEmpty() ? null : MeanStd.of(maskRatio.get(v)),
                    maskUniform.get(v).isEmpty() ? null : MeanStd.of(maskUniform.get(v)),
                    LocalizationAccuracy.atDefaultThreshold(s),
                    LocalizationAccuracy.curve(s, LocalizationAccuracy.curveThresholds())));
            progress.printf("  %s: box ratio %s (uniform %s), localization %.3f%n", variants.get(v).label(),
                    results.get(v).boxRatio().format(), results.get(v).boxUniform().format(), results.get(v).localizationAtDefault());
        }
        samples.clear();

        Faithfulness faithfulness = new Faithfulness(cam, tensorizer, decoder, settings, progress);
        Faithfulness.Curves deletion = faithfulness.deletion(images);
        MeanStd randomization = randomized == null ? null
                : new RandomizationCheck(tensorizer, decoder, settings, progress).spearman(cam, new EmbeddingCam(randomized), images);
        return new Result(n, recall, results, deletion.heatmap(), deletion.heatmapArea(), deletion.random(), deletion.randomArea(),
                randomization, examples);
    }

    private void forEachBatch(int n, String what, BatchAction action) {
        int tenth = Math.max(1, n / 10);
        int reported = 0;
        for (int start = 0; start < n; start += settings.batchSize()) {
            int end = Math.min(n, start + settings.batchSize());
            action.run(start, end);
            if (end / tenth > reported || end == n) {
                reported = end / tenth;
                progress.printf("  %s %d/%d%n", what, end, n);
            }
        }
    }

    @FunctionalInterface
    private interface BatchAction {
        void run(int start, int end);
    }

    private static boolean[] foreground(CubImage truth, DecodedImage image) {
        try {
            return SegmentationMask.read(truth.segmentation().orElseThrow()).foreground(image.width(), image.height());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mask " + truth.segmentation().orElseThrow(), e);
        }
    }

    static DecodedImage decode(ImageDecoder decoder, CubImage image) {
        try {
            return decoder.decode(Files.readAllBytes(image.image()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + image.image(), e);
        }
    }

    private static Map<Integer, Proxy> classMeans(float[][] embeddings, int[] labels) {
        Map<Integer, List<float[]>> byClass = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(embeddings[i]);
        }
        Map<Integer, Proxy> proxies = new LinkedHashMap<>();
        byClass.forEach((label, members) -> proxies.put(label, Proxy.normalizedMean(members)));
        return proxies;
    }

    private static List<List<Double>> lists(int count) {
        List<List<Double>> lists = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }
}
