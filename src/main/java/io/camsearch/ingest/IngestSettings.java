package io.camsearch.ingest;

import java.time.Duration;

/**
 * @param modelBatch images embedded together (bounds the model's memory per forward)
 * @param fetchThreads images decoded concurrently (bounds the decoded pixels held at once)
 * @param modelWorkers model batches embedded at once, each on a thread of its own
 * @param modelThreads libtorch intra-op threads of each model worker. One worker per core with
 *     one thread each keeps the cores busiest when other stages share them: a multi-threaded
 *     batch stalls whenever one of its threads is preempted (see {@code TorchRuntime#limitIntraOpThreads})
 * @param thumbnailMaxSide the longer side of the thumbnail stored with each item
 * @param commitInterval the longest a batch waits for its index commit (zero: every batch commits
 *     at once). Items are searchable before their commit; the interval trades how much a crash
 *     re-consumes against fsyncs and small segments (each commit closes one, and merging HNSW
 *     segments rebuilds their graphs)
 * @param concurrentFetches image URLs fetched at once: fetches wait on slow servers side by side,
 *     each within the source timeout, while decoding stays bounded by {@code fetchThreads}
 */
public record IngestSettings(int modelBatch, int fetchThreads, int modelWorkers, int modelThreads, int thumbnailMaxSide, Duration commitInterval,
                             int concurrentFetches) {

    /** Fetches at once by default: enough that a handful of URLs that never answer cost one fetch timeout, not one each. */
    public static final int DEFAULT_CONCURRENT_FETCHES = 16;

    public static final IngestSettings DEFAULT = new IngestSettings(32, 4, Runtime.getRuntime().availableProcessors(), 1, 256, Duration.ofSeconds(1));

    public IngestSettings(int modelBatch, int fetchThreads, int modelWorkers, int modelThreads, int thumbnailMaxSide, Duration commitInterval) {
        this(modelBatch, fetchThreads, modelWorkers, modelThreads, thumbnailMaxSide, commitInterval, DEFAULT_CONCURRENT_FETCHES);
    }

    public IngestSettings {
        if (concurrentFetches < 1) {
            throw new IllegalArgumentException("concurrentFetches must be >= 1, got " + concurrentFetches);
        }
        if (commitInterval == null || commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must be zero or positive, got " + commitInterval);
        }
        if (modelBatch < 1 || fetchThreads < 1 || modelWorkers < 1 || modelThreads < 1 || thumbnailMaxSide < 16) {
            throw new IllegalArgumentException("ingest settings need modelBatch >= 1, fetchThreads >= 1, modelWorkers >= 1, modelThreads >= 1"
                    + " and thumbnailMaxSide >= 16, got " + modelBatch + ", " + fetchThreads + ", " + modelWorkers + ", " + modelThreads + ", " + thumbnailMaxSide);
        }
    }
}
