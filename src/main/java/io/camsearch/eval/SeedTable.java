package io.camsearch.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's Table 1 over training seeds: each number of an evaluation (one run's
 * {@link EvaluationReport#json()}) taken from every run, and summarized as its mean +- the
 * sample standard deviation across runs. A cell's spread is the seeds' spread of a per-run mean,
 * not the images' spread within one run: that is the number that says whether a change of recipe
 * beats the luck of one initialization.
 *
 * <p>Rows: one per heatmap variant (box and mask ratios beside the uniform map's, localization at
 * t = 0.2), then one for the model (Recall@K, deletion areas, the randomization check).
 */
public final class SeedTable {

    public static final String BOX = "box ratio";
    public static final String BOX_UNIFORM = "uniform, box";
    public static final String MASK = "mask ratio";
    public static final String MASK_UNIFORM = "uniform, mask";
    public static final String LOCALIZATION = "localization t=0.2";
    public static final String RECALL_1 = "Recall@1";
    public static final String RECALL_5 = "Recall@5";
    public static final String DELETION = "deletion area";
    public static final String DELETION_RANDOM = "deletion area, random";
    public static final String RANDOMIZATION = "randomization Spearman";
    public static final String MODEL_ROW = "model (retrieval, faithfulness)";

    private static final List<String> METRICS = List.of(BOX, BOX_UNIFORM, MASK, MASK_UNIFORM, LOCALIZATION,
            RECALL_1, RECALL_5, DELETION, DELETION_RANDOM, RANDOMIZATION);

    private SeedTable() {}

    /**
     * @param runs evaluation JSON trees, one per seed, of the same catalog and variants
     * @throws IllegalArgumentException when there is no run, a run lacks a number, or the runs
     *     scored different images or heatmap variants (their means would not be of one thing)
     */
    public static ResultTable of(List<Map<String, Object>> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a table over seeds needs at least one evaluation");
        }
        List<String> variants = variants(runs.get(0), 0);
        Object scored = runs.get(0).get("scored");
        for (int r = 1; r < runs.size(); r++) {
            if (!variants.equals(variants(runs.get(r), r))) {
                throw new IllegalArgumentException("evaluation " + r + " has heatmap variants " + variants(runs.get(r), r)
                        + ", evaluation 0 has " + variants);
            }
            if (scored != null && !scored.equals(runs.get(r).get("scored"))) {
                throw new IllegalArgumentException("evaluation " + r + " scored other images than evaluation 0");
            }
        }
        List<ResultTable.Row> rows = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            int variant = v;
            Map<String, MeanStd> cells = new LinkedHashMap<>();
            cells.put(BOX, across(runs, run -> mean(heatmap(run, variant), "boxRatio")));
            cells.put(BOX_UNIFORM, across(runs, run -> mean(heatmap(run, variant), "boxUniform")));
            if (heatmap(runs.get(0), variant).get("maskRatio") != null) {
                cells.put(MASK, across(runs, run -> mean(heatmap(run, variant), "maskRatio")));
                cells.put(MASK_UNIFORM, across(runs, run -> mean(heatmap(run, variant), "maskUniform")));
            }
            cells.put(LOCALIZATION, across(runs, run -> number(heatmap(run, variant), "localizationAt0.2")));
            rows.add(new ResultTable.Row(variants.get(v), cells));
        }
        Map<String, MeanStd> model = new LinkedHashMap<>();
        model.put(RECALL_1, across(runs, run -> number(map(run, "recallAtK"), "1")));
        model.put(RECALL_5, across(runs, run -> number(map(run, "recallAtK"), "5")));
        model.put(DELETION, across(runs, run -> mean(run, "deletionHeatmapArea")));
        model.put(DELETION_RANDOM, across(runs, run -> mean(run, "deletionRandomArea")));
        if (runs.get(0).get("randomizationSpearman") != null) {
            model.put(RANDOMIZATION, across(runs, run -> mean(run, "randomizationSpearman")));
        }
        rows.add(new ResultTable.Row(MODEL_ROW, model));
        return new ResultTable("heatmap", METRICS, rows);
    }

    private interface Metric {
        double of(Map<String, Object> run);
    }

    private static MeanStd across(List<Map<String, Object>> runs, Metric metric) {
        double[] values = new double[runs.size()];
        for (int r = 0; r < values.length; r++) {
            try {
                values[r] = metric.of(runs.get(r));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("evaluation " + r + ": " + e.getMessage(), e);
            }
        }
        return MeanStd.of(values);
    }

    private static List<String> variants(Map<String, Object> run, int index) {
        Object heatmaps = run.get("heatmaps");
        if (!(heatmaps instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("evaluation " + index + " has no 'heatmaps' list");
        }
        List<String> labels = new ArrayList<>();
        for (Object row : list) {
            labels.add(String.valueOf(asMap(row, "heatmaps[]").get("heatmap")));
        }
        return labels;
    }

    private static Map<String, Object> heatmap(Map<String, Object> run, int variant) {
        return asMap(((List<?>) run.get("heatmaps")).get(variant), "heatmaps[" + variant + "]");
    }

    private static double mean(Map<String, Object> parent, String key) {
        return number(map(parent, key), "mean");
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return asMap(parent.get(key), key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String key) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an object");
        }
        return (Map<String, Object>) map;
    }

    private static double number(Map<String, Object> parent, String key) {
        if (!(parent.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a number");
        }
        return n.doubleValue();
    }
}
