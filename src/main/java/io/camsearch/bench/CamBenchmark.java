package io.camsearch.bench;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.GuidedGradCam;
import io.camsearch.cam.LiteralEmbeddingCam;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.ThroughBasis;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.Models;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.model.nets.ResNet50;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * What explaining costs next to embedding: for each network and head, the time to embed one image,
 * and the time to embed it and produce K heatmaps (h x w, ReLU, normalized) three ways: through the CAM basis, through one proxy-batched pass, and through K
 * literal backward passes. Finishing a heatmap for display (upsampling to the image, the box) is
 * the same work whichever way it was made, and is timed on its own. All actions of a
 * configuration are measured round-robin in one run, so the ratios compare like with like on a
 * shared machine.
 */
public final class CamBenchmark {

    static final int[] HEATMAP_COUNTS = {1, 10, 50};

    private final int repetitions;
    private final PrintStream log;

    public CamBenchmark(int repetitions, PrintStream log) {
        this.repetitions = repetitions;
        this.log = log;
    }

    /** One network configuration to measure. */
    public record Subject(String label, Supplier<EmbeddingModel> factory) {}

    public static List<Subject> defaultSubjects() {
        return List.of(
                new Subject("demo (96x96, K=128 at 12x12, d=128), gap-linear head", () -> DemoNetwork.create(HeadKind.GAP_LINEAR)),
                new Subject("demo with mirror views (as the service runs it), gap-linear head",
                        () -> Models.asRun(DemoNetwork.create(HeadKind.GAP_LINEAR))),
                new Subject("demo (96x96, K=128 at 12x12, d=128), pool-FC-ReLU-FC head", () -> DemoNetwork.create(HeadKind.GENERIC)),
                new Subject("ResNet-50-shaped (224x224, K=2048, d=512), gap-linear head", () -> ResNet50.create(512, HeadKind.GAP_LINEAR)),
                new Subject("ResNet-50-shaped (224x224, K=2048, d=512), pool-FC-ReLU-FC head", () -> ResNet50.create(512, HeadKind.GENERIC)));
    }

    /** The demo network with each head, and with mirror views: the networks of DJL blocks that Guided Grad-CAM is measured on. */
    public static List<Subject> demoSubjects() {
        return defaultSubjects().subList(0, 3);
    }

    /**
     * What Guided Grad-CAM costs next to one embedding, per subject: embed one image, and embed it
     * with its basis and make the Guided Grad-CAM map of one proxy (a guided backward through the
     * whole network, block by block), timed round-robin as the other actions.
     */
    public List<Map<String, Object>> runGuided(List<Subject> subjects) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Subject subject : subjects) {
            log.printf("benchmarking Guided Grad-CAM on %s: %d repetitions ...%n", subject.label(), repetitions);
            try (EmbeddingModel model = subject.factory().get()) {
                ModelDescriptor d = model.descriptor();
                EmbeddingCam cam = new EmbeddingCam(model);
                GuidedGradCam guided = new GuidedGradCam(model);
                List<float[]> input = List.of(randomImage(d, 1));
                Proxy proxy = new Proxy(randomVector(d.embeddingDim(), 100));
                Runnable guidedMap = () -> guided.explain(input.get(0), cam.analyze(input).get(0).signedMap(proxy), proxy);
                Stopwatch embed = new Stopwatch("embed", repetitions);
                Stopwatch withGuided = new Stopwatch("embed + Guided Grad-CAM", repetitions);
                for (int warmup = 0; warmup < 2; warmup++) {
                    cam.embed(input);
                    guidedMap.run();
                }
                for (int rep = 0; rep < repetitions; rep++) {
                    embed.time(() -> cam.embed(input));
                    withGuided.time(guidedMap);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("network", subject.label());
                row.put("embedMs", round(embed.median()));
                row.put("guidedGradCamMs", round(withGuided.median()));
                row.put("guidedOverEmbed", round(withGuided.median() / embed.median()));
                log.printf("  embed %.1f ms; embed + Guided Grad-CAM for one proxy %.1f ms (%.1fx)%n",
                        embed.median(), withGuided.median(), withGuided.median() / embed.median());
                rows.add(row);
            }
        }
        return rows;
    }

    /** Measures every subject; returns one row of medians (milliseconds) and ratios per subject. */
    public List<Map<String, Object>> run(List<Subject> subjects) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Subject subject : subjects) {
            log.printf("benchmarking %s: %d repetitions ...%n", subject.label(), repetitions);
            try (EmbeddingModel model = subject.factory().get()) {
                rows.add(measure(subject.label(), model));
            }
        }
        return rows;
    }

    private Map<String, Object> measure(String label, EmbeddingModel model) {
        ModelDescriptor d = model.descriptor();
        EmbeddingCam cam = new EmbeddingCam(model);
        LiteralEmbeddingCam literal = new LiteralEmbeddingCam(model);
        List<float[]> input = List.of(randomImage(d, 1));
        List<Proxy> proxies = new ArrayList<>();
        for (int i = 0; i < HEATMAP_COUNTS[HEATMAP_COUNTS.length - 1]; i++) {
            proxies.add(new Proxy(randomVector(d.embeddingDim(), 100 + i)));
        }

        // Embedding is timed before every explain action, so its median does not depend on what ran just before it.
        Stopwatch embed = new Stopwatch("embed", repetitions * 3 * HEATMAP_COUNTS.length);
        Stopwatch finishTen = new Stopwatch("finish 10", repetitions);
        List<Grid> tenMaps = cam.analyze(input).get(0).basis().signedMaps(proxies.subList(0, 10));
        List<Stopwatch> viaBasis = new ArrayList<>();
        List<Stopwatch> viaBatch = new ArrayList<>();
        List<Stopwatch> viaLiteral = new ArrayList<>();
        for (int count : HEATMAP_COUNTS) {
            viaBasis.add(new Stopwatch("basis K=" + count, repetitions));
            viaBatch.add(new Stopwatch("proxy batch K=" + count, repetitions));
            viaLiteral.add(new Stopwatch("literal K=" + count, repetitions));
        }
        for (int warmup = 0; warmup < 2; warmup++) {
            cam.embed(input);
            explainThroughBasis(cam, input, proxies.subList(0, 10), d);
            explainThroughProxyBatch(cam, input, proxies.subList(0, 10), d);
            explainLiterally(cam, literal, input, proxies.subList(0, 10), d);
        }
        for (int rep = 0; rep < repetitions; rep++) {
            finishTen.time(() -> tenMaps.forEach(map -> finish(map, d)));
            for (int i = 0; i < HEATMAP_COUNTS.length; i++) {
                List<Proxy> some = proxies.subList(0, HEATMAP_COUNTS[i]);
                embed.time(() -> cam.embed(input));
                viaBasis.get(i).time(() -> explainThroughBasis(cam, input, some, d));
                embed.time(() -> cam.embed(input));
                viaBatch.get(i).time(() -> explainThroughProxyBatch(cam, input, some, d));
                embed.time(() -> cam.embed(input));
                viaLiteral.get(i).time(() -> explainLiterally(cam, literal, input, some, d));
            }
        }

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("network", label);
        row.put("embedMs", round(embed.median()));
        row.put("finish10Ms", round(finishTen.median()));
        for (int i = 0; i < HEATMAP_COUNTS.length; i++) {
            int count = HEATMAP_COUNTS[i];
            double basis = viaBasis.get(i).median();
            double batch = viaBatch.get(i).median();
            double lit = viaLiteral.get(i).median();
            row.put("basisMs_K" + count, round(basis));
            row.put("proxyBatchMs_K" + count, round(batch));
            row.put("literalMs_K" + count, round(lit));
            row.put("basisOverEmbed_K" + count, round(basis / embed.median()));
            row.put("proxyBatchOverEmbed_K" + count, round(batch / embed.median()));
            row.put("literalOverEmbed_K" + count, round(lit / embed.median()));
        }
        log.printf("  finishing 10 heatmaps (upsample to %dx%d, box) %.1f ms%n", d.inputWidth(), d.inputHeight(), finishTen.median());
        log.printf("  embed %.1f ms; embed + 10 heatmaps: via basis %.1f ms (%.2fx), via one proxy-batched pass %.1f ms (%.2fx), via 10 backward passes %.1f ms (%.2fx)%n",
                embed.median(), viaBasis.get(1).median(), viaBasis.get(1).median() / embed.median(),
                viaBatch.get(1).median(), viaBatch.get(1).median() / embed.median(),
                viaLiteral.get(1).median(), viaLiteral.get(1).median() / embed.median());
        return row;
    }

    /** Embed + basis once, then K heatmaps from it. */
    private static void explainThroughBasis(EmbeddingCam cam, List<float[]> input, List<Proxy> proxies, ModelDescriptor d) {
        CamFeatures features = cam.analyze(input).get(0);
        for (Grid signed : ThroughBasis.INSTANCE.signedMaps(features, proxies)) {
            signed.relu().normalized();
        }
    }

    /** Embed, then the maps of all K proxies from one batched pass (closed form for a gap-linear head). */
    private static void explainThroughProxyBatch(EmbeddingCam cam, List<float[]> input, List<Proxy> proxies, ModelDescriptor d) {
        for (Grid signed : cam.proxyBatch().signedMaps(cam.forward(input).get(0), proxies)) {
            signed.relu().normalized();
        }
    }

    /** Embed, then one backward of y . p per proxy: the paper's algorithm. */
    private static void explainLiterally(EmbeddingCam cam, LiteralEmbeddingCam literal, List<float[]> input, List<Proxy> proxies, ModelDescriptor d) {
        for (Grid signed : literal.signedMaps(cam.forward(input).get(0), proxies)) {
            signed.relu().normalized();
        }
    }

    /** What turns a heatmap into what a user sees: localized on a small map and its box scaled to the image (here the input size). */
    private static void finish(Grid signed, ModelDescriptor d) {
        Heatmap.of(signed, d.inputWidth(), d.inputHeight(), Localizer.DEFAULT_THRESHOLD);
    }

    private static float[] randomImage(ModelDescriptor d, long seed) {
        return randomVector(3 * d.inputHeight() * d.inputWidth(), seed);
    }

    private static float[] randomVector(int length, long seed) {
        return Samples.gaussian(new Random(seed), length);
    }

    private static double round(double value) {
        return Samples.round(value);
    }
}
