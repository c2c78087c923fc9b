package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedTableTest {

    /** One run's evaluation JSON as EvaluationReport writes it, with the numbers that matter here. */
    private static Map<String, Object> run(double box, double location, double recall1, double deletion, Double spearman) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("heatmap", "single-point, all channels");
        variant.put("boxRatio", Map.of("mean", box, "std", 0.3, "n", 200));
        variant.put("boxUniform", Map.of("mean", 0.25, "std", 0.1, "n", 200));
        variant.put("maskRatio", Map.of("mean", box / 2, "std", 0.2, "n", 200));
        variant.put("maskUniform", Map.of("mean", 0.1, "std", 0.05, "n", 200));
        variant.put("localizationAt0.2", location);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scored", Map.of("rule", "all-test", "images", 200));
        run.put("recallAtK", Map.of("1", recall1, "5", 0.9));
        run.put("heatmaps", List.of(variant));
        run.put("deletionHeatmapArea", Map.of("mean", deletion, "n", 40));
        run.put("deletionRandomArea", Map.of("mean", 0.4, "n", 120));
        run.put("randomizationSpearman", spearman == null ? null : Map.of("mean", spearman, "n", 200));
        return run;
    }

    @Test
    void eachCellIsTheMeanAndSampleStdOfTheRunsMeans() {
        ResultTable table = SeedTable.of(List.of(run(0.4, 0.5, 0.7, 0.2, 0.1), run(0.6, 0.7, 0.8, 0.3, 0.3), run(0.5, 0.9, 0.9, 0.1, 0.2)));

        ResultTable.Row variant = table.rows().get(0);
        assertEquals("single-point, all channels", variant.variant());
        // box: 0.4, 0.6, 0.5 -> mean 0.5, squared deviations 0.01 + 0.01 + 0 over n - 1 = 2 -> std 0.1
        assertEquals(0.5, variant.cells().get(SeedTable.BOX).mean(), 1e-12);
        assertEquals(0.1, variant.cells().get(SeedTable.BOX).std(), 1e-12);
        assertEquals(3, variant.cells().get(SeedTable.BOX).count());
        // localization: 0.5, 0.7, 0.9 -> mean 0.7, std sqrt((0.04 + 0 + 0.04) / 2) = 0.2
        assertEquals(0.7, variant.cells().get(SeedTable.LOCALIZATION).mean(), 1e-12);
        assertEquals(0.2, variant.cells().get(SeedTable.LOCALIZATION).std(), 1e-12);
        assertEquals(0.25, variant.cells().get(SeedTable.MASK).mean(), 1e-12, "mask ratio: 0.2, 0.3, 0.25");
        assertEquals(0.0, variant.cells().get(SeedTable.BOX_UNIFORM).std(), 1e-12, "the uniform map does not depend on the seed");

        ResultTable.Row model = table.rows().get(1);
        assertEquals(SeedTable.MODEL_ROW, model.variant());
        assertEquals(0.8, model.cells().get(SeedTable.RECALL_1).mean(), 1e-12);
        assertEquals(0.1, model.cells().get(SeedTable.RECALL_1).std(), 1e-12);
        assertEquals(0.2, model.cells().get(SeedTable.DELETION).mean(), 1e-12);
        assertEquals(0.2, model.cells().get(SeedTable.RANDOMIZATION).mean(), 1e-12);
        assertFalse(model.cells().containsKey(SeedTable.BOX), "the model row has no heatmap cells");

        String markdown = table.markdown();
        assertTrue(markdown.contains("| single-point, all channels | 0.500 +- 0.100 | 0.250 +- 0.000 | 0.250 +- 0.050 |"), markdown);
    }

    @Test
    void aBundleRunWithoutTheRandomizationCheckLeavesThatCellOut() {
        ResultTable table = SeedTable.of(List.of(run(0.4, 0.5, 0.7, 0.2, null), run(0.6, 0.7, 0.8, 0.3, null)));
        assertFalse(table.rows().get(1).cells().containsKey(SeedTable.RANDOMIZATION));
    }

    @Test
    void runsOfOtherVariantsOrImagesAreRefusedByIndex() {
        Map<String, Object> other = run(0.5, 0.5, 0.5, 0.5, 0.5);
        other.put("scored", Map.of("rule", "class-halves", "images", 6000));
        IllegalArgumentException images = assertThrows(IllegalArgumentException.class,
                () -> SeedTable.of(List.of(run(0.4, 0.5, 0.7, 0.2, 0.1), other)));
        assertEquals("evaluation 1 scored other images than evaluation 0", images.getMessage());

        Map<String, Object> broken = run(0.5, 0.5, 0.5, 0.5, 0.5);
        broken.put("recallAtK", Map.of("5", 0.9));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SeedTable.of(List.of(run(0.4, 0.5, 0.7, 0.2, 0.1), broken)));
        assertEquals("evaluation 1: '1' is missing or not a number", missing.getMessage());

        assertThrows(IllegalArgumentException.class, () -> SeedTable.of(List.of()));
    }
}
