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
 *   {@link ChangeApplier}              in record order: the changes made to count, dead letters, positions:
 *                              {@link IndexApplier} (into the index) or {@link EmbeddingsPublisher} (onto the topic)
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
    private final ChangeApplier applier;
    private final int chunkSize;

    public CatalogIngestor(ImageFetcher fetcher, ImageDecoder decoder, ImageEmbedder embedder, CatalogIndex index, DeadLetterSink deadLetters,
                           IngestSettings settings) throws IOException {
        this(fetcher, decoder, embedder, IndexApplier.open(index, deadLetters, settings), settings);
    }

    /**
     * The stages ending in {@code applier}, which this ingestor closes.
     *
     * @param applier queues at most {@link #applierCapacity} chunks, so that the consumer is held back
     */
    public CatalogIngestor(ImageFetcher fetcher, ImageDecoder decoder, ImageEmbedder embedder, ChangeApplier applier, IngestSettings settings) {
        this.chunkSize = settings.modelBatch();
        this.applier = applier;
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
            CompletableFuture<BatchReport> applied;
            try {
                applied = applier.apply(chunk, () -> embedding.embed(fetching.fetch(chunk)));
            } catch (RejectedExecutionException e) {
                throw new IOException("the catalog ingestor is closed", e); // closed while waiting for room
            }
            batch = batch.thenCombine(applied, BatchReport::then);
        }
        return batch;
    }

    /** Chunks the applier may queue: one per model worker, and two more for the chunks around them. */
    public static int applierCapacity(IngestSettings settings) {
        return settings.modelWorkers() + 2;
    }

    /** {@link #submit} and wait: the records are applied when this returns. */
    public BatchReport apply(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        return Futures.await(submit(records), "applying a batch");
    }

    /** What stopped the pipeline (a batch or a commit that failed), or null while it runs. */
    public Throwable failure() {
        return applier.failure();
    }

    /** The next offset to consume per partition, as last committed with the index (or acknowledged by the broker). */
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
