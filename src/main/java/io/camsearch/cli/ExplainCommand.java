package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import io.camsearch.cam.GuidedGradCam;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.Vectors;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.CamOptions;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.GuidedImage;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.ImageRejectedException;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain an image against a proxy with EmbeddingCAM.",
                "Writes JSON (raw heatmap grid before normalization, signed map, box, score) to stdout or --json,",
                "and the counterfactual map ReLU(-S) (the regions that argue against the proxy) with its box;",
                "with --out: overlay.png (heatmap on the image, box in white), heatmap.png (the normalized map",
                "at the image's size, 16-bit grayscale: value = sample / 65535) and counterfactual-overlay.png;",
                "with --guided also guided-gradcam.png (Guided Grad-CAM at the model's input size; camsearch's own networks only)."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = Models.DEMO,
            description = "'demo' (built-in) or a TorchScript bundle directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--image", required = true, description = "The image to explain.")
    Path image;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ProxySource proxy;

    static final class ProxySource {
        @Option(names = "--proxy-image", description = "Single-point proxy: this image's embedding.")
        Path image;

        @Option(names = "--proxy-embedding", description = "A file of d embedding values (JSON array, or numbers separated by commas/whitespace).")
        Path embedding;
    }

    @Option(names = "--top-channels", defaultValue = "0", description = "Keep only the N channels with the largest weights (0 = all).")
    int topChannels;

    @Option(names = "--threshold", defaultValue = "" + Localizer.DEFAULT_THRESHOLD, description = "Localization threshold t: box around the largest region above t x max (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--alpha", defaultValue = "" + HeatmapRenderer.DEFAULT_ALPHA, description = "Overlay opacity in [0, 1] (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--out", description = "Directory for overlay.png and heatmap.png.")
    Path out;

    @Option(names = "--json", description = "Write the JSON here instead of stdout.")
    Path json;

    @Option(names = "--guided", description = "Also Guided Grad-CAM (a backward pass through the whole network; needs --out).")
    boolean guided;

    @Override
    public Integer call() throws Exception {
        CamOptions options = new CamOptions(topChannels, threshold);
        if (guided && out == null) {
            throw new IllegalArgumentException("--guided writes guided-gradcam.png and needs --out");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--alpha must be in [0, 1], got " + alpha);
        }
        byte[] imageBytes = read(image, "--image", ImageLimits.DEFAULT);
        try (EmbeddingModel embeddingModel = Models.open(model)) {
            ImageExplainer explainer = new ImageExplainer(embeddingModel, new ImageDecoder(ImageLimits.DEFAULT));
            // Refused before any work when the model cannot give it (a TorchScript bundle).
            GuidedGradCam guidedCam = guided ? new GuidedGradCam(embeddingModel) : null;
            AnalyzedImage analyzed = analyze(explainer, imageBytes, image);
            Proxy p = proxy.image != null
                    ? Proxy.singlePoint(analyze(explainer, read(proxy.image, "--proxy-image", ImageLimits.DEFAULT), proxy.image).features().embedding())
                    : new Proxy(EmbeddingFile.read(proxy.embedding));
            if (p.dim() != embeddingModel.descriptor().embeddingDim()) {
                throw new IllegalArgumentException("--proxy-embedding " + proxy.embedding + " has " + p.dim()
                        + " values; model '" + embeddingModel.descriptor().name() + "' embeds into "
                        + embeddingModel.descriptor().embeddingDim());
            }
            Grid signed = explainer.signedMap(analyzed, p, options);
            int width = analyzed.image().width();
            int height = analyzed.image().height();
            Heatmap explanation = Heatmap.of(signed, width, height, options.threshold());
            Map<String, Object> report = report(embeddingModel, analyzed, p, signed, explanation, options);
            if (out != null) {
                Files.createDirectories(out);
                Path overlay = out.resolve("overlay.png");
                Path heatmap = out.resolve("heatmap.png");
                Path counterfactual = out.resolve("counterfactual-overlay.png");
                // Drawn as the service draws it: the same renderer, the box of the JSON.
                HeatmapRenderer renderer = new HeatmapRenderer(Math.max(width, height));
                Files.write(overlay, HeatmapRenderer.png(renderer.overlay(explanation.token(), analyzed.image().image(), alpha)));
                Files.write(counterfactual, HeatmapRenderer.png(renderer.overlay(explanation.counterfactual().token(), analyzed.image().image(), alpha)));
                Files.write(heatmap, HeatmapRenderer.png(HeatmapRenderer.grayscale16(explanation.normalized().upsampleBilinear(height, width))));
                Map<String, Object> files = new LinkedHashMap<>(Map.of("overlay", overlay.toString(), "heatmap", heatmap.toString(),
                        "counterfactualOverlay", counterfactual.toString()));
                if (guidedCam != null) {
                    Path guidedPng = out.resolve("guided-gradcam.png");
                    GuidedGradCam.Result result = guidedCam.explain(explainer.toInput(analyzed.image()), signed, p);
                    Files.write(guidedPng, HeatmapRenderer.png(GuidedImage.rgb(result)));
                    files.put("guidedGradCam", guidedPng.toString());
                }
                report.put("files", files);
            }
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (json != null) {
                mapper.writeValue(json.toFile(), report);
            } else {
                System.out.println(mapper.writeValueAsString(report));
            }
        }
        return 0;
    }

    private static Map<String, Object> report(EmbeddingModel model, AnalyzedImage analyzed, Proxy p, Grid signed, Heatmap e, CamOptions options) {
        float[] y = analyzed.features().embedding();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.descriptor().name());
        report.put("imageWidth", analyzed.image().width());
        report.put("imageHeight", analyzed.image().height());
        report.put("score", Vectors.dot(y, p.vector()));
        report.put("cosine", Vectors.dot(Vectors.normalized(y), Vectors.normalized(p.vector())));
        report.put("topChannels", options.topChannels());
        report.put("threshold", options.threshold());
        report.put("gridHeight", signed.height());
        report.put("gridWidth", signed.width());
        report.put("heatmap", rows(signed.relu()));
        report.put("signedMap", rows(signed));
        report.put("box", e.box().map(ExplainCommand::box).orElse(null));
        // The score regions of the signed map as the search answers them (over the kept channels with --top-channels).
        report.put("mapSum", e.score());
        report.put("regions", e.regions().stream().map(r -> Map.of("box", box(r.box()), "share", r.share())).toList());
        // What argues against the proxy: ReLU(-S), raw like "heatmap", with its box localized as the heatmap's.
        report.put("counterfactual", rows(signed.negated().relu()));
        report.put("counterfactualBox", e.counterfactual().box().map(ExplainCommand::box).orElse(null));
        return report;
    }

    private static Map<String, Integer> box(Box b) {
        Map<String, Integer> box = new LinkedHashMap<>();
        box.put("x", b.x());
        box.put("y", b.y());
        box.put("width", b.width());
        box.put("height", b.height());
        return box;
    }

    private static float[][] rows(Grid grid) {
        float[][] rows = new float[grid.height()][grid.width()];
        for (int y = 0; y < grid.height(); y++) {
            for (int x = 0; x < grid.width(); x++) {
                rows[y][x] = grid.get(y, x);
            }
        }
        return rows;
    }

    private static AnalyzedImage analyze(ImageExplainer explainer, byte[] bytes, Path source) {
        try {
            return explainer.analyze(bytes);
        } catch (ImageRejectedException e) {
            throw new IllegalArgumentException("image " + source + " rejected (" + e.reason() + "): " + e.getMessage(), e);
        }
    }

    /** Reads an image file, refusing one over the byte limit before reading it into memory. */
    private static byte[] read(Path file, String option, ImageLimits limits) throws IOException {
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw new IllegalArgumentException(option + " " + file + " is " + size + " bytes, over the limit of " + limits.maxBytes());
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
    }
}
