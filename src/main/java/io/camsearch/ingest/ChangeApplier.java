package io.camsearch.ingest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The last stage of {@link CatalogIngestor}: takes each chunk's changes in record order, makes
 * them count, and alone advances the {@link Positions} past them once they do. Two kinds: the
 * {@link IndexApplier} writes the changes to the index (a process that searches), the
 * {@link EmbeddingsPublisher} publishes them to the model's embeddings topic (an embedder).
 */
public interface ChangeApplier extends AutoCloseable {

    /**
     * Queues a chunk behind every chunk queued before it; waits while the queue is full, then calls
     * {@code start} for the chunk's changes (one per record, in record order). The future completes
     * once they count; the positions pass the records only then.
     *
     * @param records the chunk's records, in consumption order
     * @throws IOException when the applier has stopped (failed or closed)
     */
    CompletableFuture<BatchReport> apply(List<ConsumerRecord<String, byte[]>> records, Supplier<CompletableFuture<List<Change>>> start)
            throws IOException;

    /** The positions after the chunks applied so far. */
    Positions applied();

    /** The positions that are safe to resume from: what a restart consumes from. */
    Positions committed();

    /** What stopped the applier, or null while it runs. */
    Throwable failure();

    /** Refuses with the failure that stopped the applier, or when it is closed. */
    void refuseIfStopped() throws IOException;

    /** Stops taking chunks, cancels what is not yet applied, and keeps what was applied in full. */
    @Override
    void close();
}
