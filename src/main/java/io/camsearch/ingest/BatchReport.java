package io.camsearch.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What one batch (or one part of it) did.
 *
 * @param offsets the next offset to consume per partition after this batch (committed with the
 *     index at once or within the commit interval)
 */
public record BatchReport(int upserted, int deleted, List<DeadLetter> rejected, Positions offsets) {

    public BatchReport {
        rejected = List.copyOf(rejected);
    }

    public int records() {
        return upserted + deleted + rejected.size();
    }

    /** This report followed by a later one: counts added, the later positions. */
    public BatchReport then(BatchReport later) {
        List<DeadLetter> letters = new ArrayList<>(rejected);
        letters.addAll(later.rejected);
        return new BatchReport(upserted + later.upserted, deleted + later.deleted, letters, offsets.merge(later.offsets));
    }
}
