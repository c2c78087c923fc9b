package io.camsearch.eval;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results shaped like the paper's Table 1: one row per method or proxy variant, one column per
 * metric, each cell a metric's {@link MeanStd} over seeds. A row may leave a metric out (the
 * uniform baseline has no Recall@K, say); Markdown shows it as {@code -} and the maps omit it.
 *
 * @param rowHeader the header of the first column, e.g. "method"; also the variant's key in {@link #asMaps()}
 * @param metrics the metric columns, in order
 */
public record ResultTable(String rowHeader, List<String> metrics, List<Row> rows) {

    /** One variant's cells, keyed by metric. */
    public record Row(String variant, Map<String, MeanStd> cells) {
        public Row {
            cells = Map.copyOf(cells);
        }
    }

    /**
     * @throws IllegalArgumentException when there are no metrics, a metric repeats or equals the
     *     row header, or a row has a cell for a metric that is not a column
     */
    public ResultTable {
        metrics = List.copyOf(metrics);
        rows = List.copyOf(rows);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one metric");
        }
        if (new HashSet<>(metrics).size() != metrics.size() || metrics.contains(rowHeader)) {
            throw new IllegalArgumentException("metric names must be distinct and differ from the row header "
                    + rowHeader + ": " + metrics);
        }
        for (Row row : rows) {
            if (!metrics.containsAll(row.cells().keySet())) {
                throw new IllegalArgumentException("row " + row.variant() + " has cells " + row.cells().keySet()
                        + " outside the metrics " + metrics);
            }
        }
    }

    /** The table in Markdown, cells formatted by {@link MeanStd#format(int)} with {@code decimals}. */
    public String markdown(int decimals) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(escaped(rowHeader));
        metrics.forEach(metric -> out.append(" | ").append(escaped(metric)));
        out.append(" |\n|---");
        metrics.forEach(metric -> out.append("|---"));
        out.append("|\n");
        for (Row row : rows) {
            out.append("| ").append(escaped(row.variant()));
            for (String metric : metrics) {
                MeanStd cell = row.cells().get(metric);
                out.append(" | ").append(cell == null ? "-" : cell.format(decimals));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    /** {@link #markdown(int)} with {@link MeanStd#DECIMALS}. */
    public String markdown() {
        return markdown(MeanStd.DECIMALS);
    }

    /**
     * The same data for JSON, one map per row in order: the variant under {@link #rowHeader()},
     * then each present metric as {@link MeanStd#asMap()}, in column order.
     */
    public List<Map<String, Object>> asMaps() {
        return rows.stream().map(row -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(rowHeader, row.variant());
            for (String metric : metrics) {
                MeanStd cell = row.cells().get(metric);
                if (cell != null) {
                    map.put(metric, cell.asMap());
                }
            }
            return map;
        }).toList();
    }

    /** A pipe inside a cell would end it. */
    private static String escaped(String text) {
        return text.replace("|", "\\|");
    }
}
