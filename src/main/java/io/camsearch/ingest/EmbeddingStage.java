package io.camsearch.ingest;

import io.camsearch.index.CatalogItem;
import io.camsearch.index.SourceVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The second stage: the images of one chunk embedded as one batch on a model thread of its own,
 * once the fetch stage has them, and the chunk turned into changes in record order. An image the
 * embedder maps to a zero or non-finite vector (no direction to search by) is rejected here, as
 * {@link RejectReason#EMBEDDING_INVALID}.
 */
public final class EmbeddingStage implements AutoCloseable {

    private final ImageEmbedder embedder;
    private final ExecutorService threads;

    /**
     * @param workers chunks embedded at once, each on a model thread of its own; the threads start
     *     now, each first calling {@link ImageEmbedder#startModelThread}
     */
    public EmbeddingStage(ImageEmbedder embedder, int workers) {
        this.embedder = embedder;
        ThreadFactory daemons = Futures.daemons("catalog-embed");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemons.newThread(() -> {
                    embedder.startModelThread();
                    r.run();
                }));
        pool.prestartAllCoreThreads();
        this.threads = pool;
    }

    /**
     * The chunk's changes in record order, made on a model thread once every record of it is
     * fetched.
     *
     * @throws java.util.concurrent.RejectedExecutionException when closed
     */
    public CompletableFuture<List<Change>> embed(List<Future<FetchStage.Fetched>> chunk) {
        Task task = new Task(chunk, new CompletableFuture<>());
        threads.execute(task);
        return task.changes;
    }

    private List<Change> changesOf(List<Future<FetchStage.Fetched>> chunk) throws IOException {
        List<FetchStage.Fetched> fetched = new ArrayList<>(chunk.size());
        List<ImageToEmbed> images = new ArrayList<>(chunk.size());
        for (Future<FetchStage.Fetched> future : chunk) {
            FetchStage.Fetched f = Futures.await(future, "fetching a catalog image");
            fetched.add(f);
            if (f instanceof FetchStage.Fetched.Image image) {
                images.add(image.image());
            }
        }
        List<CatalogItem> items = images.isEmpty() ? List.of() : embedder.embed(images);
        if (items.size() != images.size()) {
            throw new IOException("the embedder returned " + items.size() + " items for " + images.size() + " images");
        }
        List<Change> changes = new ArrayList<>(fetched.size());
        int next = 0;
        for (FetchStage.Fetched f : fetched) {
            changes.add(switch (f) {
                case FetchStage.Fetched.Ready ready -> ready.change();
                case FetchStage.Fetched.Image image -> upsertOrReject(image.record(), items.get(next++));
            });
        }
        return changes;
    }

    /**
     * The item carries its event's place in {@code catalog-images}, as an item read from the
     * embeddings topic does: a search's read-your-writes token is checked against it whichever
     * path indexed the item.
     */
    private static Change upsertOrReject(ConsumerRecord<String, byte[]> record, CatalogItem item) {
        if (searchable(item.embedding())) {
            return new Change.Upsert(item.withSource(new SourceVersion(record.partition(), record.offset())));
        }
        return new Change.Reject(FetchStage.deadLetter(record, new EventRejectedException(RejectReason.EMBEDDING_INVALID,
                "the model embedded the image of '" + item.id() + "' as a zero or non-finite vector")));
    }

    private static boolean searchable(float[] embedding) {
        double norm = 0;
        for (float v : embedding) {
            norm += (double) v * v;
        }
        return norm > 0 && Double.isFinite(norm);
    }

    /** Interrupts the chunks being embedded and cancels those never started. */
    @Override
    public void close() {
        for (Runnable neverStarted : threads.shutdownNow()) {
            if (neverStarted instanceof Task task) {
                task.changes.cancel(false);
            }
        }
    }

    /** One chunk's embedding, with the future its changes complete. */
    private final class Task implements Runnable {
        final List<Future<FetchStage.Fetched>> chunk;
        final CompletableFuture<List<Change>> changes;

        Task(List<Future<FetchStage.Fetched>> chunk, CompletableFuture<List<Change>> changes) {
            this.chunk = chunk;
            this.changes = changes;
        }

        @Override
        public void run() {
            try {
                changes.complete(changesOf(chunk));
            } catch (Throwable e) {
                // Errors too (an OutOfMemoryError in a forward): the applier must hear of it, or it waits forever.
                changes.completeExceptionally(e);
            }
        }
    }
}
