package io.camsearch.search;

import java.util.List;

/**
 * A batch's answers in the order asked, with where the whole batch's time went. Each answered
 * entry's own timings carry its even share of the phases the batch ran once for all (the model's
 * forward pass, the item lookups, the searches) and its own heatmaps' time.
 */
public record BatchResult(List<BatchEntry> entries, SearchResult.Timings timings) {

    public BatchResult {
        entries = List.copyOf(entries);
    }
}
