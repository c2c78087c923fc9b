package io.camsearch.ingest;

import io.camsearch.image.ImageDecoder;
import io.camsearch.index.CatalogIndex;
import io.camsearch.source.ImageFetcher;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies the {@code catalog-images} records to the index in record order, exactly once in effect,
 * as a pipeline whose stages overlap, across polled batches too:
 *
 * <pre>
 *   submit (consumer thread)   records, cut into chunks of modelBatch
 *   {@link FetchStage}                 parse, fetch, decode, reduce to the embedder's input and a thumbnail
 *   {@link EmbeddingStage}             embed each chunk's images as one batch; the chunk becomes changes
 *   {@link IndexApplier}               in record order: upsert / delete, dead letters, positions; commits
 * </pre>
 *
 * A chunk is taken in only when fewer than {@code modelWorkers + 2} are waiting for the applier, so
 * the consumer is held back (and Kafka with it) when the model is the bottleneck, and the decoded
 * inputs in memory are bounded however large a poll is. The delivery guarantees are the
 * applier's (see there).
 */
public final class CatalogIngestor implements AutoCloseable {

    private final FetchStage fetching;
    private final EmbeddingStage embedding;
    private final IndexApplier applier;
    private final int chunkSize;

    public CatalogIngestor(ImageFetcher fetcher, ImageDecoder decoder, ImageEmbedder embedder, CatalogIndex index, DeadLetterSink deadLetters,
                           IngestSettings settings) throws IOException {
        this.chunkSize = settings.modelBatch();
        this.applier = new IndexApplier(index, deadLetters, settings.commitInterval(), settings.modelWorkers() + 2);
        this.fetching = new FetchStage(fetcher, decoder, embedder, settings);
        this.embedding = new EmbeddingStage(embedder, settings.modelWorkers());
    }

    /**
     * Takes the records (in consumption order) into the pipeline; the future completes when all of
     * them are applied to the index (searchable at its next refresh; durable at the next commit, at
     * once when the commit interval is zero). Blocks while the pipeline is full. One submitter at a
     * time: two batches' chunks interleaved would be applied out of order.
     *
     * @throws IOException when the pipeline has failed or is closed
     */
    public synchronized CompletableFuture<BatchReport> submit(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        applier.refuseIfStopped();
        CompletableFuture<BatchReport> batch = CompletableFuture.completedFuture(new BatchReport(0, 0, List.of(), applier.applied()));
        for (int first = 0; first < records.size(); first += chunkSize) {
            List<ConsumerRecord<String, byte[]>> chunk = records.subList(first, Math.min(records.size(), first + chunkSize));
            Positions after = Positions.NONE;
            for (ConsumerRecord<String, byte[]> record : chunk) {
                after = after.after(record);
            }
            CompletableFuture<BatchReport> applied;
            try {
                applied = applier.apply(after, () -> embedding.embed(fetching.fetch(chunk)));
            } catch (RejectedExecutionException e) {
                throw new IOException("the catalog ingestor is closed", e); // closed while waiting for room
            }
            batch = batch.thenCombine(applied, BatchReport::then);
        }
        return batch;
    }

    /** {@link #submit} and wait: the records are applied when this returns. */
    public BatchReport apply(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        return Futures.await(submit(records), "applying a batch");
    }

    /** What stopped the pipeline (a batch or a commit that failed), or null while it runs. */
    public Throwable failure() {
        return applier.failure();
    }

    /** The next offset to consume per partition, as last committed with the index. */
    public Positions positions() {
        return applier.committed();
    }

    /**
     * Stops taking records, cancels what is not yet applied, and commits what was applied in full
     * (a clean stop re-consumes nothing it applied). The applier stops first, so that nothing the
     * stages do while they are interrupted reaches the index.
     */
    @Override
    public void close() {
        applier.close();
        fetching.close();
        embedding.close();
    }
}
