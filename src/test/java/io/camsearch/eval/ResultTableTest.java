package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.eval.ResultTable.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final ResultTable TABLE = new ResultTable("method",
            List.of("localization accuracy", "heatmap ratio", "R@1"),
            List.of(
                    new Row("EmbeddingCAM, single-point proxy", Map.of(
                            "localization accuracy", MeanStd.of(0.799, 0.812, 0.825),
                            "heatmap ratio", MeanStd.of(0.6, 0.8),
                            "R@1", MeanStd.of(0.5))),
                    new Row("uniform | baseline", Map.of("heatmap ratio", MeanStd.of(0.25)))));

    @Test
    void markdownHasAColumnPerMetricAndMeanPlusMinusStdCells() {
        // 0.6 and 0.8: mean 0.7, std sqrt(2 * 0.1^2) = 0.1414
        assertEquals("""
                | method | localization accuracy | heatmap ratio | R@1 |
                |---|---|---|---|
                | EmbeddingCAM, single-point proxy | 0.812 +- 0.013 | 0.700 +- 0.141 | 0.500 |
                | uniform \\| baseline | - | 0.250 | - |
                """, TABLE.markdown());
    }

    @Test
    void markdownTakesTheNumberOfDecimals() {
        assertEquals("| EmbeddingCAM, single-point proxy | 0.8 +- 0.0 | 0.7 +- 0.1 | 0.5 |",
                TABLE.markdown(1).lines().toList().get(2));
    }

    @Test
    void mapsHoldTheSameDataWithMissingCellsLeftOut() {
        List<Map<String, Object>> maps = TABLE.asMaps();

        assertEquals(2, maps.size());
        assertEquals(List.of("method", "localization accuracy", "heatmap ratio", "R@1"),
                List.copyOf(maps.get(0).keySet()));
        assertEquals(Map.of("mean", 0.5, "n", 1), maps.get(0).get("R@1"));
        assertEquals(Map.of("method", "uniform | baseline", "heatmap ratio", Map.of("mean", 0.25, "n", 1)),
                maps.get(1));
    }

    @Test
    void cellsOutsideTheColumnsAndRepeatedColumnsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResultTable("method", List.of("R@1"),
                List.of(new Row("x", Map.of("R@2", MeanStd.of(1))))));
        assertThrows(IllegalArgumentException.class, () -> new ResultTable("method", List.of("R@1", "R@1"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ResultTable("method", List.of("method"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ResultTable("method", List.of(), List.of()));
    }
}
