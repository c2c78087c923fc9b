package io.camsearch.ingest;

import io.camsearch.cam.CamFeatures;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageRejectedException;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.logging.LogText;
import io.camsearch.model.TorchRuntime;
import io.camsearch.source.ImageFetcher;
import io.camsearch.source.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies the {@code catalog-images} records to the index in record order, exactly once in effect,
 * as a pipeline whose stages overlap, across polled batches too:
 *
 * <pre>
 *   submit (consumer thread)   records, cut into chunks of modelBatch
 *   fetch threads              parse, fetch (concurrentFetches side by side, each within the source
 *                              timeout), decode (fetchThreads at once), reduce to the model's input
 *                              and a thumbnail
 *   model threads              embed each chunk's images as one model batch, with their CAM bases
 *   applier thread             in record order: upsert / delete, dead letters, advance the positions
 *   committer                  commit the index with the positions, within the commit interval
 * </pre>
 *
 * A chunk is taken in only when fewer than {@code modelWorkers + 2} are waiting for the applier, so
 * the consumer is held back (and Kafka with it) when the model is the bottleneck, and the decoded
 * inputs in memory are bounded however large a poll is.
 *
 * <p>Why the commit is safe while the applier goes on writing: a commit records the positions of
 * the chunks applied in full before it started, and the index it makes durable holds at least those
 * chunks, perhaps with some changes of the next ones. After a crash the records from the committed
 * positions are applied again, in order; an upsert or delete applied again in order leaves each
 * item as its last event says, so the index ends as if each record had been applied once. The
 * dead letters of a chunk are acknowledged by the broker before its positions advance; after a
 * crash they may be published again (they carry their source offset, so a reader can tell).
 *
 * <p>An exception other than a rejected event (the index cannot write, the broker does not
 * acknowledge the dead letters) fails the pipeline: the batches in it fail, nothing is committed
 * from then on, and further submissions are refused; a restart consumes again from the last good
 * commit.
 */
public final class CatalogIngestor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CatalogIngestor.class.getName());

    private final CatalogEventParser parser = new CatalogEventParser();
    private final ImageFetcher fetcher;
    private final ImageExplainer explainer;
    private final CatalogIndex index;
    private final DeadLetterSink deadLetters;
    private final IngestSettings settings;
    private final ExecutorService fetchers;
    /** Decoding is CPU and memory: fetchThreads at once, however many fetches wait on the network. */
    private final Semaphore decoding;
    private final ExecutorService embedders;
    /** Chunks in record order, waiting for the applier. */
    private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
    /** Room for chunks in the queue: taken by submit before it prepares a chunk, returned as the applier takes one. */
    private final Semaphore room;
    private final Thread applier;
    private final ScheduledExecutorService committer;
    /** The next offset per {@code <topic>-<partition>} after the chunks applied in full; guarded by itself. */
    private final Map<String, Long> applied = new LinkedHashMap<>();
    private boolean appliedSinceCommit;
    private final Object commitLock = new Object();
    private final Object submitLock = new Object();
    private volatile Map<String, Long> committed;
    /** The failure of the pipeline or of a commit: from then on nothing is committed, and submit refuses. */
    private volatile Throwable failure;
    private volatile boolean closed;

    public CatalogIngestor(ImageFetcher fetcher, ImageExplainer explainer, CatalogIndex index, DeadLetterSink deadLetters,
                           IngestSettings settings) throws IOException {
        this.fetcher = fetcher;
        this.explainer = explainer;
        this.index = index;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.fetchers = Executors.newFixedThreadPool(Math.max(settings.fetchThreads(), settings.concurrentFetches()), daemon("catalog-image-fetch"));
        this.decoding = new Semaphore(settings.fetchThreads());
        this.embedders = modelWorkers(settings);
        this.room = new Semaphore(settings.modelWorkers() + 2);
        applied.putAll(index.committedOffsets());
        committed = Map.copyOf(applied);
        applier = daemon("catalog-index-apply").newThread(this::applyChunks);
        applier.start();
        if (settings.commitInterval().isZero()) {
            committer = null;
        } else {
            committer = Executors.newSingleThreadScheduledExecutor(daemon("catalog-index-commit"));
            long millis = Math.max(1, settings.commitInterval().toMillis());
            committer.scheduleWithFixedDelay(this::commitQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes the records (in consumption order) into the pipeline; the future completes when all of
     * them are applied to the index (searchable at its next refresh; durable at the next commit, at
     * once when the commit interval is zero). Blocks while the pipeline is full.
     *
     * @throws IOException when the pipeline has failed or is closed
     */
    public CompletableFuture<BatchReport> submit(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        // One submitter at a time: two batches' chunks interleaved in the queue would be applied out of order.
        synchronized (submitLock) {
            return submitInOrder(records);
        }
    }

    private CompletableFuture<BatchReport> submitInOrder(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        refuseIfStopped();
        int chunkSize = settings.modelBatch();
        Batch batch = new Batch((records.size() + chunkSize - 1) / chunkSize);
        if (records.isEmpty()) {
            batch.done.complete(new BatchReport(0, 0, List.of(), appliedPositions()));
            return batch.done;
        }
        for (int first = 0; first < records.size(); first += chunkSize) {
            List<ConsumerRecord<String, byte[]>> slice = records.subList(first, Math.min(records.size(), first + chunkSize));
            // Wait for room before preparing: the fetch and model threads work only on chunks the applier will take.
            awaitRoom();
            List<Future<Prepared>> prepared = new ArrayList<>(slice.size());
            Future<Map<Prepared.Upsert, CamFeatures>> features;
            try {
                for (ConsumerRecord<String, byte[]> record : slice) {
                    prepared.add(fetchers.submit(() -> prepare(record)));
                }
                features = embedders.submit(() -> embed(prepared));
            } catch (RejectedExecutionException e) {
                throw new IOException("the catalog ingestor is closed", e); // closed since awaitRoom
            }
            enqueue(new Chunk(slice, prepared, features, batch));
        }
        return batch.done;
    }

    /** {@link #submit} and wait: the records are applied when this returns. */
    public BatchReport apply(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        return await(submit(records), "applying a batch");
    }

    /** What stopped the pipeline (a batch or a commit that failed), or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    /** The next offset to consume per {@code <topic>-<partition>}, as last committed with the index. */
    public Map<String, Long> positions() {
        return committed;
    }

    /**
     * Commits what was applied since the last commit, with its positions (the scheduled commit
     * does this within the interval).
     */
    public void commit() throws IOException {
        synchronized (commitLock) {
            Map<String, Long> positions;
            synchronized (applied) {
                refuseIfFailed("not committing: the ingestion pipeline or an index commit failed, and the index may hold part of a batch");
                if (!appliedSinceCommit) {
                    return;
                }
                positions = Map.copyOf(applied);
                appliedSinceCommit = false;
            }
            try {
                index.commit(positions);
            } catch (IOException | RuntimeException e) {
                fail(e);
                throw e;
            }
            committed = positions;
        }
    }

    private void commitQuietly() {
        if (failure != null) {
            return;
        }
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            // The next submit fails with it, which stops the channel: applied changes are not durable.
            LOG.log(System.Logger.Level.ERROR, "committing the catalog index failed", e);
        }
    }

    /**
     * The applier thread: applies chunks in order until closed or failed. It is never interrupted
     * (an interrupted Lucene write closes the index's files): close cancels what it waits for, and
     * it looks for the close between chunks.
     */
    private void applyChunks() {
        while (!closed && failure == null) {
            Chunk chunk;
            try {
                chunk = chunks.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (chunk == null) {
                continue;
            }
            room.release();
            try {
                applyChunk(chunk);
            } catch (Throwable e) {
                // The index may hold part of this chunk, uncommitted; errors too (an OutOfMemoryError
                // among the upserts leaves the same half-applied chunk).
                if (closed) {
                    // Cut short by close, not a failure: the positions stop before this chunk.
                    chunk.batch.done.completeExceptionally(e);
                } else {
                    fail(e);
                    chunk.batch.done.completeExceptionally(e);
                }
                failWaiting(e);
                return;
            }
        }
        // A failed commit stops the applier too: nothing applied from then on would become durable.
        Throwable failed = failure;
        if (failed != null) {
            failWaiting(failed);
        }
    }

    private void applyChunk(Chunk chunk) throws IOException {
        Map<Prepared.Upsert, CamFeatures> features = await(chunk.features);
        // Close interrupts the fetch threads, and an interrupted fetch comes back as a rejected
        // event (URL_UNREACHABLE): a chunk embedded after close began is not applied, or that
        // record would go to the dead-letter topic and past the committed positions. Close sets
        // the flag before it interrupts, so a chunk touched by an interrupt sees it here.
        if (closed) {
            throw new CancellationException("the catalog ingestor is closing");
        }
        List<DeadLetter> rejected = new ArrayList<>();
        Batch batch = chunk.batch;
        for (Future<Prepared> future : chunk.prepared) {
            switch (await(future)) {
                case Prepared.Upsert u -> {
                    CamFeatures f = features.get(u);
                    // A model can map an image to a zero or non-finite vector, which has no direction to search by.
                    if (searchable(f.embedding())) {
                        index.upsert(List.of(new CatalogItem(u.event().id(), f.embedding(), f.basis(), u.event().metadata(), u.thumbnail())));
                        batch.upserted++;
                    } else {
                        rejected.add(rejected(u.record(), new EventRejectedException(RejectReason.EMBEDDING_INVALID,
                                "the model embedded the image of '" + u.event().id() + "' as a zero or non-finite vector")).letter());
                    }
                }
                case Prepared.Delete d -> {
                    index.delete(d.id());
                    batch.deleted++;
                }
                case Prepared.Rejected r -> rejected.add(r.letter());
            }
        }
        // The dead letters are acknowledged before the positions pass them.
        if (!rejected.isEmpty()) {
            deadLetters.publish(rejected);
            for (DeadLetter letter : rejected) {
                LOG.log(System.Logger.Level.WARNING, "catalog event {0}-{1}@{2} (key {3}) went to the dead-letter topic: {4}: {5}",
                        letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), LogText.escape(letter.key()), letter.reason(),
                        LogText.escape(letter.detail()));
            }
            batch.rejected.addAll(rejected);
        }
        synchronized (applied) {
            for (ConsumerRecord<String, byte[]> record : chunk.records) {
                applied.merge(record.topic() + "-" + record.partition(), record.offset() + 1, Math::max);
            }
            appliedSinceCommit = true;
        }
        if (--batch.chunksLeft == 0) {
            if (committer == null) {
                commit();
            }
            batch.done.complete(new BatchReport(batch.upserted, batch.deleted, List.copyOf(batch.rejected), appliedPositions()));
        }
    }

    private Map<String, Long> appliedPositions() {
        synchronized (applied) {
            return Map.copyOf(applied);
        }
    }

    private void awaitRoom() throws IOException {
        try {
            // A bounded wait, looked at again, so that a failure or a close while the pipeline is full ends it.
            while (!room.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                refuseIfStopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for room in the ingestion pipeline");
        }
    }

    private void enqueue(Chunk chunk) throws IOException {
        chunks.add(chunk);
        if (failure != null || closed) {
            // Nothing may take this chunk any more: fail its batch rather than leave it waiting.
            failWaiting(new CancellationException("the catalog ingestor stopped"));
            refuseIfStopped();
        }
    }

    private void refuseIfStopped() throws IOException {
        refuseIfFailed("an earlier batch or index commit failed; nothing since the last good commit is kept");
        if (closed) {
            throw new IOException("the catalog ingestor is closed");
        }
    }

    private void refuseIfFailed(String message) throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException(message, f);
        }
    }

    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Fails the batches of the chunks no applier will take. */
    private void failWaiting(Throwable cause) {
        Chunk waiting;
        while ((waiting = chunks.poll()) != null) {
            waiting.batch.done.completeExceptionally(cause);
        }
    }

    private Prepared prepare(ConsumerRecord<String, byte[]> record) throws InterruptedIOException {
        try {
            CatalogEvent event = parser.parse(record.key(), record.value());
            return switch (event) {
                case CatalogEvent.Delete delete -> new Prepared.Delete(delete.id());
                case CatalogEvent.Upsert upsert -> {
                    byte[] bytes;
                    try {
                        bytes = fetcher.fetch(upsert.image());
                    } catch (SourceException e) {
                        throw EventRejectedException.of(e);
                    }
                    yield decoded(record, upsert, bytes);
                }
            };
        } catch (EventRejectedException e) {
            return rejected(record, e);
        }
    }

    private Prepared.Upsert decoded(ConsumerRecord<String, byte[]> record, CatalogEvent.Upsert upsert, byte[] bytes)
            throws EventRejectedException, InterruptedIOException {
        try {
            decoding.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to decode an image"); // by close
        }
        try {
            DecodedImage image;
            try {
                image = explainer.decode(bytes);
            } catch (ImageRejectedException e) {
                throw new EventRejectedException(RejectReason.of(e.reason()), "the image of '" + upsert.id() + "' (" + upsert.image() + "): " + e.getMessage(), e);
            }
            return new Prepared.Upsert(record, upsert, explainer.toInput(image), Thumbnail.of(image, bytes, settings.thumbnailMaxSide()));
        } finally {
            decoding.release();
        }
    }

    private static Prepared.Rejected rejected(ConsumerRecord<String, byte[]> record, EventRejectedException e) {
        return new Prepared.Rejected(new DeadLetter(record.key(), record.value(), record.topic(), record.partition(), record.offset(), e.reason(), e.getMessage()));
    }

    private static boolean searchable(float[] embedding) {
        double norm = 0;
        for (float v : embedding) {
            norm += (double) v * v;
        }
        return norm > 0 && Double.isFinite(norm);
    }

    /**
     * Embeds the upserts of one chunk as one model batch once their images are prepared (on a
     * model thread).
     */
    private Map<Prepared.Upsert, CamFeatures> embed(List<Future<Prepared>> chunk) throws IOException {
        List<Prepared.Upsert> upserts = new ArrayList<>(chunk.size());
        for (Future<Prepared> future : chunk) {
            if (await(future) instanceof Prepared.Upsert u) {
                upserts.add(u);
            }
        }
        Map<Prepared.Upsert, CamFeatures> features = new IdentityHashMap<>();
        if (upserts.isEmpty()) {
            return features;
        }
        List<float[]> inputs = new ArrayList<>(upserts.size());
        for (Prepared.Upsert u : upserts) {
            inputs.add(u.input());
        }
        List<CamFeatures> out = explainer.analyzeInputs(inputs);
        for (int i = 0; i < upserts.size(); i++) {
            features.put(upserts.get(i), out.get(i));
        }
        return features;
    }

    private static <T> T await(Future<T> future) throws IOException {
        return await(future, "preparing a catalog event");
    }

    private static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            // Not a rejected event (those are values): a bug or an exhausted resource; fail the pipeline.
            throw e.getCause() instanceof IOException io ? io : new IOException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The model threads, started now with their intra-op threads limited: a thread that starts
     * while the limit is being set could take it as its default, and at startup no search runs yet.
     */
    private static ExecutorService modelWorkers(IngestSettings settings) {
        ThreadFactory daemons = daemon("catalog-embed");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.modelWorkers(), settings.modelWorkers(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemons.newThread(() -> {
                    TorchRuntime.limitIntraOpThreads(settings.modelThreads());
                    r.run();
                }));
        pool.prestartAllCoreThreads();
        return pool;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stops taking records, cancels what is not yet applied, and commits what was applied in full
     * (a clean stop re-consumes nothing it applied).
     */
    @Override
    public void close() {
        closed = true;
        // The tasks never started are cancelled, not just dropped: the applier waiting for one of
        // them would otherwise wait forever.
        for (ExecutorService pool : List.of(fetchers, embedders)) {
            for (Runnable neverStarted : pool.shutdownNow()) {
                if (neverStarted instanceof Future<?> future) {
                    future.cancel(false);
                }
            }
        }
        try {
            applier.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (applier.isAlive()) {
            // Stuck (a dead-letter publication that never returns, say): the positions still stop
            // before the chunk it is in, so committing them is safe.
            LOG.log(System.Logger.Level.WARNING, "the catalog index applier did not stop within 30 s; committing what it applied in full");
        }
        failWaiting(new CancellationException("the catalog ingestor was closed"));
        if (committer != null) {
            // Not shutdownNow: an interrupted Lucene commit closes the index's files.
            committer.shutdown();
            try {
                committer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure == null) {
            try {
                commit();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the final index commit failed; the last batches will be consumed again", e);
            }
        }
    }

    /** A slice of a polled batch, as it moves through the stages. */
    private record Chunk(List<ConsumerRecord<String, byte[]>> records, List<Future<Prepared>> prepared,
                         Future<Map<Prepared.Upsert, CamFeatures>> features, Batch batch) {}

    /** A polled batch: what its chunks did, and when the last one is applied. Touched by the applier only. */
    private static final class Batch {
        final CompletableFuture<BatchReport> done = new CompletableFuture<>();
        final List<DeadLetter> rejected = new ArrayList<>();
        int chunksLeft;
        int upserted;
        int deleted;

        Batch(int chunks) {
            this.chunksLeft = chunks;
        }
    }

    /** One record after fetching and decoding: ready to embed, to delete, or rejected. */
    private sealed interface Prepared {
        record Upsert(ConsumerRecord<String, byte[]> record, CatalogEvent.Upsert event, float[] input, Thumbnail thumbnail) implements Prepared {}

        record Delete(String id) implements Prepared {}

        record Rejected(DeadLetter letter) implements Prepared {}
    }
}
