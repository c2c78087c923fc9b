package io.camsearch.service;

import io.camsearch.ingest.BatchReport;
import io.camsearch.ingest.Change;
import io.camsearch.ingest.ChangeApplier;
import io.camsearch.ingest.Positions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** An applier that tells {@code counted} each chunk's report once it counts: the embedder's metrics, without touching its guarantees. */
final class CountedChanges implements ChangeApplier {

    private final ChangeApplier applier;
    private final Consumer<BatchReport> counted;

    CountedChanges(ChangeApplier applier, Consumer<BatchReport> counted) {
        this.applier = applier;
        this.counted = counted;
    }

    @Override
    public CompletableFuture<BatchReport> apply(List<ConsumerRecord<String, byte[]>> records, Supplier<CompletableFuture<List<Change>>> start)
            throws IOException {
        CompletableFuture<BatchReport> applied = applier.apply(records, start);
        applied.thenAccept(counted);
        return applied;
    }

    @Override
    public Positions applied() {
        return applier.applied();
    }

    @Override
    public Positions committed() {
        return applier.committed();
    }

    @Override
    public Throwable failure() {
        return applier.failure();
    }

    @Override
    public void refuseIfStopped() throws IOException {
        applier.refuseIfStopped();
    }

    @Override
    public void close() {
        applier.close();
    }
}
