package io.camsearch.eval;

import io.camsearch.heatmap.HeatmapRenderer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An evaluation's numbers as a table shaped like the paper's Table 1, as JSON, and as pictures. */
public final class EvaluationReport {

    private final String model;
    private final Path data;
    private final EvaluationSet scored;
    private final ExplanationEvaluation.Result result;

    public EvaluationReport(String model, Path data, EvaluationSet scored, ExplanationEvaluation.Result result) {
        this.model = model;
        this.data = data;
        this.scored = scored;
        this.result = result;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Model `").append(model).append("` on `").append(data).append("`: ").append(scored.reason())
                .append(". Mean +- std over images.\n\n");
        md.append("| heatmap | ratio in box | uniform, box | ratio in mask | uniform, mask | localization t=0.2 | best t: accuracy |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ExplanationEvaluation.VariantResult v : result.variants()) {
            Curve curve = v.localizationCurve();
            int best = 0;
            for (int i = 1; i < curve.size(); i++) {
                if (curve.y(i) > curve.y(best)) {
                    best = i;
                }
            }
            md.append("| ").append(v.variant().label())
                    .append(" | ").append(v.boxRatio().format())
                    .append(" | ").append(v.boxUniform().format())
                    .append(" | ").append(v.maskRatio() == null ? "n/a" : v.maskRatio().format())
                    .append(" | ").append(v.maskUniform() == null ? "n/a" : v.maskUniform().format())
                    .append(" | ").append(String.format("%.3f", v.localizationAtDefault()))
                    .append(" | ").append(String.format("t=%.2f: %.3f", curve.x(best), curve.y(best)))
                    .append(" |\n");
        }
        md.append("\n| retrieval and faithfulness | value |\n|---|---|\n");
        md.append("| Recall@1 / Recall@5 (scored images) | ").append(String.format("%.3f / %.3f", result.recall().get(1), result.recall().get(5))).append(" |\n");
        md.append("| deletion area, single-point heatmap order (lower is better) | ").append(result.deletionHeatmapArea().format()).append(" |\n");
        md.append("| deletion area, random order | ").append(result.deletionRandomArea().format()).append(" |\n");
        md.append("| randomization check: Spearman, trained vs random weights (low is good) | ")
                .append(result.randomizationSpearman() == null ? "n/a (bundle models)" : result.randomizationSpearman().format()).append(" |\n");
        return md.toString();
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("data", data.toString());
        Map<String, Object> scoredJson = new LinkedHashMap<>();
        scoredJson.put("rule", scored.rule().label());
        scoredJson.put("images", scored.images().size());
        scoredJson.put("classes", scored.classIds().size());
        scoredJson.put("classIds", scored.classIdRanges());
        scoredJson.put("imageIds", scored.imageIds());
        scoredJson.put("trainImagesLeftOut", scored.trainImagesLeftOut());
        scoredJson.put("reason", scored.reason());
        json.put("scored", scoredJson);
        json.put("images", result.images());
        json.put("recallAtK", result.recall());
        List<Map<String, Object>> variants = new ArrayList<>();
        for (ExplanationEvaluation.VariantResult v : result.variants()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("heatmap", v.variant().label());
            row.put("boxRatio", v.boxRatio().asMap());
            row.put("boxUniform", v.boxUniform().asMap());
            row.put("maskRatio", v.maskRatio() == null ? null : v.maskRatio().asMap());
            row.put("maskUniform", v.maskUniform() == null ? null : v.maskUniform().asMap());
            row.put("localizationAt0.2", v.localizationAtDefault());
            row.put("localizationCurve", curve(v.localizationCurve()));
            variants.add(row);
        }
        json.put("heatmaps", variants);
        json.put("deletionHeatmapArea", result.deletionHeatmapArea().asMap());
        json.put("deletionRandomArea", result.deletionRandomArea().asMap());
        json.put("deletionHeatmapCurve", curve(result.deletionHeatmap()));
        json.put("deletionRandomCurve", curve(result.deletionRandom()));
        json.put("randomizationSpearman", result.randomizationSpearman() == null ? null : result.randomizationSpearman().asMap());
        return json;
    }

    public byte[] localizationPlot() {
        List<LinePlot.Series> series = new ArrayList<>();
        for (ExplanationEvaluation.VariantResult v : result.variants()) {
            series.add(new LinePlot.Series(v.variant().label(), v.localizationCurve()));
        }
        return new LinePlot("Localization accuracy (IoU >= 0.5) against threshold t", "t", "accuracy", series).png();
    }

    public byte[] deletionPlot() {
        return new LinePlot("Deletion: similarity as regions are blanked", "fraction of regions blanked", "y . p / unblanked", List.of(
                new LinePlot.Series("single-point heatmap order", result.deletionHeatmap()),
                new LinePlot.Series("random order", result.deletionRandom()))).png();
    }

    /** Images with their single-point heatmaps, the true box in magenta and the predicted box in white, 4 to a row. */
    public byte[] examplesPicture() {
        List<ExplanationEvaluation.Example> examples = result.examples();
        int tile = 160;
        int columns = 4;
        int rows = Math.max(1, (examples.size() + columns - 1) / columns);
        BufferedImage sheet = new BufferedImage(columns * tile, rows * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < examples.size(); i++) {
            ExplanationEvaluation.Example e = examples.get(i);
            BufferedImage overlay = HeatmapRenderer.overlay(e.image().image(), e.heatmap(), HeatmapRenderer.DEFAULT_ALPHA);
            HeatmapRenderer.drawBox(overlay, e.truth(), HeatmapRenderer.GROUND_TRUTH_BOX_RGB);
            if (e.predicted() != null) {
                HeatmapRenderer.drawBox(overlay, e.predicted(), HeatmapRenderer.PREDICTED_BOX_RGB);
            }
            g.drawImage(overlay, (i % columns) * tile + 4, (i / columns) * tile + 4, tile - 8, tile - 8, null);
        }
        g.dispose();
        return HeatmapRenderer.png(sheet);
    }

    private static Map<String, Object> curve(Curve curve) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", curve.xs());
        map.put("y", curve.ys());
        map.put("area", curve.area());
        return map;
    }
}
