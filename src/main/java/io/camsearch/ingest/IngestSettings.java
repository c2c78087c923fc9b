package io.camsearch.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How ingestion runs. Built by name ({@link #builder()}), every setting given: the defaults live
 * with the configuration keys ({@code camsearch.ingest.*}), not here.
 */
public final class IngestSettings {

    private final int modelBatch;
    private final int fetchThreads;
    private final int modelWorkers;
    private final int modelThreads;
    private final int thumbnailMaxSide;
    private final Duration commitInterval;
    private final int concurrentFetches;
    private final Optional<String> instanceId;

    private IngestSettings(Builder b) {
        this.modelBatch = b.modelBatch;
        this.fetchThreads = b.fetchThreads;
        this.modelWorkers = b.modelWorkers;
        this.modelThreads = b.modelThreads;
        this.thumbnailMaxSide = b.thumbnailMaxSide;
        this.commitInterval = b.commitInterval;
        this.concurrentFetches = b.concurrentFetches;
        this.instanceId = b.instanceId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Images embedded together (bounds the model's memory per forward); also the records of one part the applier takes. */
    public int modelBatch() {
        return modelBatch;
    }

    /** Images decoded concurrently (bounds the decoded pixels held at once). */
    public int fetchThreads() {
        return fetchThreads;
    }

    /** Model batches embedded at once, each on a thread of its own. */
    public int modelWorkers() {
        return modelWorkers;
    }

    /**
     * libtorch intra-op threads of each model worker. One worker per core with one thread each
     * keeps the cores busiest when other stages share them: a multi-threaded batch stalls whenever
     * one of its threads is preempted (see {@code TorchRuntime#limitIntraOpThreads}).
     */
    public int modelThreads() {
        return modelThreads;
    }

    /** The longer side of the thumbnail stored with each item. */
    public int thumbnailMaxSide() {
        return thumbnailMaxSide;
    }

    /**
     * The longest an applied batch waits for its index commit (zero: each model batch commits as
     * it is applied). Items are searchable before their commit; the interval trades how much a
     * crash re-consumes against fsyncs and small segments (each commit closes one, and merging
     * HNSW segments rebuilds their graphs).
     */
    public Duration commitInterval() {
        return commitInterval;
    }

    /**
     * Image URLs fetched at once: fetches wait on slow servers side by side, each within the source
     * timeout, while decoding stays bounded by {@link #fetchThreads()}.
     */
    public int concurrentFetches() {
        return concurrentFetches;
    }

    /**
     * This process's identity in the consumer group ({@code group.instance.id}), when configured;
     * see {@link StaticGroupMembership} for what stands in for it when it is not.
     */
    public Optional<String> instanceId() {
        return instanceId;
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return builder().modelBatch(modelBatch).fetchThreads(fetchThreads).modelWorkers(modelWorkers).modelThreads(modelThreads)
                .thumbnailMaxSide(thumbnailMaxSide).commitInterval(commitInterval).concurrentFetches(concurrentFetches).instanceId(instanceId);
    }

    @Override
    public String toString() {
        return "modelBatch=" + modelBatch + ", fetchThreads=" + fetchThreads + ", modelWorkers=" + modelWorkers + ", modelThreads=" + modelThreads
                + ", thumbnailMaxSide=" + thumbnailMaxSide + ", commitInterval=" + commitInterval + ", concurrentFetches=" + concurrentFetches;
    }

    /** Every setting must be given; {@link #build()} names those missing or out of range. */
    public static final class Builder {
        private static final int UNSET = Integer.MIN_VALUE;

        private int modelBatch = UNSET;
        private int fetchThreads = UNSET;
        private int modelWorkers = UNSET;
        private int modelThreads = UNSET;
        private int thumbnailMaxSide = UNSET;
        private Duration commitInterval;
        private int concurrentFetches = UNSET;
        private Optional<String> instanceId = Optional.empty();

        private Builder() {
        }

        public Builder modelBatch(int n) {
            modelBatch = n;
            return this;
        }

        public Builder fetchThreads(int n) {
            fetchThreads = n;
            return this;
        }

        public Builder modelWorkers(int n) {
            modelWorkers = n;
            return this;
        }

        public Builder modelThreads(int n) {
            modelThreads = n;
            return this;
        }

        public Builder thumbnailMaxSide(int pixels) {
            thumbnailMaxSide = pixels;
            return this;
        }

        public Builder commitInterval(Duration interval) {
            commitInterval = interval;
            return this;
        }

        public Builder concurrentFetches(int n) {
            concurrentFetches = n;
            return this;
        }

        /** Optional: unset, {@link StaticGroupMembership} uses the host name. */
        public Builder instanceId(Optional<String> id) {
            instanceId = id;
            return this;
        }

        /** @throws IllegalArgumentException naming each setting that is missing or out of range */
        public IngestSettings build() {
            List<String> wrong = new ArrayList<>();
            atLeast(wrong, "model-batch", modelBatch, 1);
            atLeast(wrong, "fetch-threads", fetchThreads, 1);
            atLeast(wrong, "model-workers", modelWorkers, 1);
            atLeast(wrong, "model-threads", modelThreads, 1);
            atLeast(wrong, "thumbnail-max-side", thumbnailMaxSide, 16);
            atLeast(wrong, "max-concurrent-fetches", concurrentFetches, 1);
            if (commitInterval == null) {
                wrong.add("commit-interval is not set");
            } else if (commitInterval.isNegative()) {
                wrong.add("commit-interval must be zero or positive, got " + commitInterval);
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException("ingest settings: " + String.join("; ", wrong));
            }
            return new IngestSettings(this);
        }

        private static void atLeast(List<String> wrong, String name, int value, int min) {
            if (value == UNSET) {
                wrong.add(name + " is not set");
            } else if (value < min) {
                wrong.add(name + " must be >= " + min + ", got " + value);
            }
        }
    }
}
