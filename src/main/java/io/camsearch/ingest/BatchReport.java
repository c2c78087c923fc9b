package io.camsearch.ingest;

import java.util.List;
import java.util.Map;

/**
 * What one batch did.
 *
 * @param offsets the next offset to consume per {@code <topic>-<partition>} after this batch (committed
 *     with the index at once or within the commit interval)
 */
public record BatchReport(int upserted, int deleted, List<DeadLetter> rejected, Map<String, Long> offsets) {

    public int records() {
        return upserted + deleted + rejected.size();
    }
}
