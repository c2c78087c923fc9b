package io.camsearch.ingest;

import io.camsearch.index.CatalogIndex;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one writer of the index: it alone applies changes, owns the {@link Positions} and commits
 * them with the index. It takes parts (a list of {@link Change}s in record order, perhaps still
 * being made, and the positions they advance to) and applies them, on a thread of its own, in the
 * order they were queued: each part's upserts and deletes in order, its dead letters published
 * and acknowledged, then its positions. It knows nothing of images or models, so items read from
 * another topic go through the same path.
 *
 * <p>Why a commit is safe while the applier goes on writing: a commit records the positions of the
 * parts applied in full before it started, and the index it makes durable holds at least those
 * parts, perhaps with some changes of the next ones. After a crash the records from the committed
 * positions are applied again, in order; an upsert or delete applied again in order leaves each
 * item as its last event says, so the index ends as if each record had been applied once. Dead
 * letters may be published again after a crash (they carry their source offset, so a reader can
 * tell).
 *
 * <p>Why not SmallRye Kafka's {@code checkpoint} commit strategy with a {@code CheckpointStateStore}
 * of the index: the positions must be in the very Lucene commit that holds the changes they count,
 * and that store persists per-record acknowledged offsets on the connector's own timer, on the
 * Vert.x event loop, where a Lucene commit (fsyncs) must not run; a failed persist there is logged
 * and retried, while a failed index commit must stop ingestion (nothing after it can become
 * durable). It also needs message-level acknowledgement of each record of the channel, where
 * ingestion takes whole polled batches and finishes them later, in a pipeline; and the same
 * applier is to apply items read by a plain reader of another topic. What it would replace here is
 * small: the seek on assignment ({@link IndexOffsetsRebalanceListener}) and this class's commit
 * schedule.
 *
 * <p>An exception other than a rejected record (the index cannot write, the broker does not
 * acknowledge the dead letters, a part's changes could not be made) stops the applier: the part
 * and every part queued after it fail, nothing is committed from then on, and further parts are
 * refused; a restart consumes again from the last good commit.
 */
public final class IndexApplier implements ChangeApplier {

    private static final System.Logger LOG = System.getLogger(IndexApplier.class.getName());
    /** Queued by close and on a failure, so that the applier thread stops waiting for parts. */
    private static final Part STOP = new Part(Positions.NONE, CompletableFuture.completedFuture(List.of()));
    /** Released on a stop, so that every caller waiting for room wakes up and sees it. */
    private static final int WAKE_ALL = Integer.MAX_VALUE / 2;

    private final CatalogIndex index;
    private final DeadLetterSink deadLetters;
    private final boolean commitEachPart;
    private final BlockingQueue<Part> parts = new LinkedBlockingQueue<>();
    /** Room for parts in the queue: taken before a part's work starts, returned as the applier takes one. */
    private final Semaphore room;
    private final Thread thread;
    private final ScheduledExecutorService committer;
    /** The positions after the parts applied in full; written by the applier thread only. */
    private volatile Positions applied;
    /** The positions of the last commit. */
    private volatile Positions committed;
    /**
     * The entries of the commit it started from that are not positions (the model identity a
     * searcher's index records): each commit records them again, as a commit's data replaces the
     * last one's.
     */
    private final Map<String, String> carried;
    /** The part the applier thread waits for or applies, for close to cancel. */
    private volatile Part current;
    /** The failure of a part or of a commit: from then on nothing is committed, and parts are refused. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;
    private final AtomicBoolean woken = new AtomicBoolean();

    /**
     * The applier of the ingestion settings: their commit interval, and room for the chunks the
     * stages before it may queue ({@link CatalogIngestor#applierCapacity}).
     */
    public static IndexApplier open(CatalogIndex index, DeadLetterSink deadLetters, IngestSettings settings) throws IOException {
        return new IndexApplier(index, deadLetters, settings.commitInterval(), CatalogIngestor.applierCapacity(settings));
    }

    /**
     * Starts from the positions of the index's last commit.
     *
     * @param commitInterval the longest an applied part waits for its commit; zero commits each part as it is applied
     * @param capacity parts that may wait to be applied; {@link #apply} waits while that many do
     */
    public IndexApplier(CatalogIndex index, DeadLetterSink deadLetters, Duration commitInterval, int capacity) throws IOException {
        assert capacity > 0 : "capacity " + capacity;
        this.index = index;
        this.deadLetters = deadLetters;
        this.room = new Semaphore(capacity);
        Map<String, String> startData = index.committedData();
        this.committed = Positions.fromCommitData(startData);
        this.carried = Positions.withoutPositions(startData);
        this.applied = committed;
        this.commitEachPart = commitInterval.isZero();
        this.thread = Futures.daemons("catalog-index-apply").newThread(this::applyParts);
        thread.start();
        if (commitEachPart) {
            committer = null;
        } else {
            committer = Executors.newSingleThreadScheduledExecutor(Futures.daemons("catalog-index-commit"));
            long millis = Math.max(1, commitInterval.toMillis());
            committer.scheduleWithFixedDelay(this::commitQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Queues a part behind every part queued before it. Waits while the queue is full, then calls
     * {@code start} for the part's changes, so that work starts only for parts the applier will
     * take soon. The future completes once the part is applied (searchable at the index's next
     * refresh; durable at the next commit). Callers that need an order between their parts queue
     * them one at a time.
     *
     * @throws IOException when the applier has stopped (failed or closed)
     */
    public CompletableFuture<BatchReport> apply(Positions advanceTo, Supplier<CompletableFuture<List<Change>>> start) throws IOException {
        awaitRoom();
        Part part;
        try {
            part = new Part(advanceTo, start.get());
        } catch (RuntimeException e) {
            room.release();
            throw e;
        }
        parts.add(part);
        if (stopped()) {
            // The applier thread may be gone: fail what it will not take rather than leave it waiting.
            Throwable failed = failure.get();
            failQueued(failed != null ? failed : new CancellationException("the catalog index applier was closed"));
            refuseIfStopped();
        }
        return part.done;
    }

    /** Queues the records' changes as a part that advances the positions past the records. */
    @Override
    public CompletableFuture<BatchReport> apply(List<ConsumerRecord<String, byte[]>> records, Supplier<CompletableFuture<List<Change>>> start)
            throws IOException {
        return apply(Positions.after(records), start);
    }

    /** The positions after the parts applied so far (committed or not). */
    @Override
    public Positions applied() {
        return applied;
    }

    /** The positions as last committed with the index: where a restart consumes from. */
    @Override
    public Positions committed() {
        return committed;
    }

    /** What stopped the applier (a part or a commit that failed), or null while it runs. */
    @Override
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Commits what was applied since the last commit, with its positions (the scheduled commit
     * does this within the interval).
     */
    public synchronized void commit() throws IOException {
        refuseIfFailed("not committing: applying a part or an index commit failed, and the index may hold part of a batch");
        Positions positions = applied;
        if (positions.equals(committed)) {
            return;
        }
        try {
            Map<String, String> data = new LinkedHashMap<>(carried);
            data.putAll(positions.toCommitData());
            index.commit(data);
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        }
        committed = positions;
    }

    /** Refuses with the failure that stopped the applier, or when it is closed. */
    @Override
    public void refuseIfStopped() throws IOException {
        refuseIfFailed("an earlier batch or index commit failed; nothing since the last good commit is kept");
        if (closed) {
            throw new IOException("the catalog index applier is closed");
        }
    }

    private void commitQuietly() {
        if (failure.get() != null) {
            return;
        }
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            // The next part is refused with it, which stops the channel: applied changes are not durable.
            LOG.log(System.Logger.Level.ERROR, "committing the catalog index failed", e);
        }
    }

    /**
     * The applier thread: applies parts in order until stopped. It is never interrupted (an
     * interrupted Lucene write closes the index's files): close cancels what it waits for.
     */
    private void applyParts() {
        while (true) {
            Part part;
            try {
                part = parts.take();
            } catch (InterruptedException e) {
                return;
            }
            if (part == STOP) {
                return;
            }
            room.release();
            current = part;
            try {
                // Close sets the flag before it reads current: one of the two sees the other. A part
                // taken from the queue before close looked at it is cancelled here, as close would.
                if (closed) {
                    part.changes.cancel(false);
                    throw new CancellationException("the catalog index applier was closed before this part");
                }
                Throwable failed = failure.get();
                if (failed != null) {
                    part.done.completeExceptionally(failed);
                    continue;
                }
                part.done.complete(applyPart(part));
            } catch (Throwable e) {
                // The index may hold some of this part's changes, uncommitted; errors too (an
                // OutOfMemoryError among the upserts leaves the same half-applied part).
                if (!closed) {
                    fail(e);
                }
                // Cut short by close, not a failure: the positions stop before this part.
                part.done.completeExceptionally(e);
            } finally {
                current = null;
            }
        }
    }

    private BatchReport applyPart(Part part) throws IOException {
        List<Change> changes = Futures.await(part.changes, "making a part's changes");
        // Close interrupts the stages that make the changes, and an interrupted fetch comes back
        // as a rejected record (URL_UNREACHABLE): a part made after close began is not applied, or
        // that record would go to the dead-letter topic and past the committed positions. Close
        // sets the flag before the stages are interrupted.
        if (closed) {
            throw new CancellationException("the catalog index applier is closing");
        }
        int upserted = 0;
        int deleted = 0;
        List<DeadLetter> rejected = new ArrayList<>();
        for (Change change : changes) {
            switch (change) {
                case Change.Upsert u -> {
                    index.upsert(List.of(u.item()));
                    upserted++;
                }
                case Change.Delete d -> {
                    index.delete(d.id());
                    deleted++;
                }
                case Change.Reject r -> rejected.add(r.letter());
            }
        }
        // The dead letters are acknowledged before the positions pass them.
        DeadLetterSink.publishAndLog(deadLetters, rejected, LOG);
        applied = applied.merge(part.advanceTo);
        if (commitEachPart) {
            commit();
        }
        return new BatchReport(upserted, deleted, rejected, applied);
    }

    private boolean stopped() {
        return closed || failure.get() != null;
    }

    private void awaitRoom() throws IOException {
        refuseIfStopped();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for room in the index applier's queue");
        }
        refuseIfStopped();
    }

    private void refuseIfFailed(String message) throws IOException {
        Throwable f = failure.get();
        if (f != null) {
            throw new IOException(message, f);
        }
    }

    private void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            wakeEveryone();
        }
    }

    /** The applier thread leaves its queue, and callers waiting for room see the stop (once: on a failure, or at close). */
    private void wakeEveryone() {
        if (woken.compareAndSet(false, true)) {
            parts.add(STOP);
            room.release(WAKE_ALL);
        }
    }

    /** Fails the parts still queued, which no applier thread will take; a stop taken off the queue goes back. */
    private void failQueued(Throwable cause) {
        boolean stop = false;
        Part waiting;
        while ((waiting = parts.poll()) != null) {
            if (waiting == STOP) {
                stop = true;
            } else {
                waiting.done.completeExceptionally(cause);
            }
        }
        if (stop) {
            parts.add(STOP);
        }
    }

    /**
     * Stops taking parts, cancels what is not yet applied, and commits what was applied in full (a
     * clean stop re-consumes nothing it applied). Close this before the stages that make the
     * changes, so that nothing they do while they stop reaches the index.
     */
    @Override
    public void close() {
        closed = true;
        Part waitedFor = current;
        if (waitedFor != null) {
            waitedFor.changes.cancel(false);
        }
        for (Part queued : parts) {
            queued.changes.cancel(false);
        }
        wakeEveryone();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Stuck (a dead-letter publication that never returns, say): the positions still stop
            // before the part it is in, so committing them is safe.
            LOG.log(System.Logger.Level.WARNING, "the catalog index applier did not stop within 30 s; committing what it applied in full");
        }
        failQueued(new CancellationException("the catalog index applier was closed"));
        if (committer != null) {
            // Not shutdownNow: an interrupted Lucene commit closes the index's files.
            committer.shutdown();
            try {
                committer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() == null) {
            try {
                commit();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the final index commit failed; the last batches will be consumed again", e);
            }
        }
    }

    /** Changes in record order (perhaps still being made), the positions they advance to, and when they are applied. */
    private record Part(Positions advanceTo, CompletableFuture<List<Change>> changes, CompletableFuture<BatchReport> done) {
        Part(Positions advanceTo, CompletableFuture<List<Change>> changes) {
            this(advanceTo, changes, new CompletableFuture<>());
        }
    }
}
