package io.camsearch.ingest;

import java.time.Duration;

/** Small ingest settings for tests, each changed by name where a test needs it. */
final class TestIngestSettings {

    private TestIngestSettings() {
    }

    /** Model batches of 32, two of everything, 64-pixel thumbnails, a commit per model batch. */
    static IngestSettings.Builder small() {
        return IngestSettings.builder().modelBatch(32).fetchThreads(2).modelWorkers(2).modelThreads(1).thumbnailMaxSide(64)
                .commitInterval(Duration.ZERO).concurrentFetches(16);
    }
}
