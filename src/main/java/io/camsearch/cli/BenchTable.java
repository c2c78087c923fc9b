package io.camsearch.cli;

import java.util.List;
import java.util.Map;

/** Benchmark rows as a Markdown table, one column per measured value, so the benchmarks page can quote it as is. */
final class BenchTable {

    private BenchTable() {}

    static String format(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "(no rows)";
        }
        List<String> columns = List.copyOf(rows.get(0).keySet());
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        for (Map<String, Object> row : rows) {
            out.append("| ");
            for (String column : columns) {
                out.append(row.get(column)).append(" | ");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
