package io.camsearch.consistency;

import io.camsearch.client.WriteToken;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.HeldItem;
import io.camsearch.index.SourceVersion;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits until this replica's index shows writes a caller made, with a bound, and without a thread
 * per waiting search: the waits are futures, checked again after each refresh of the index (the
 * only moment what searches see changes) and failed by one timer thread when their bound passes.
 *
 * <p>The rule ({@link #shows}) reads the source version stored with each item, which the
 * one-process service and a searcher replica both store; so it needs neither the ingestion's
 * positions (a searcher's are offsets of another topic) nor anything of Kafka.
 */
public final class WriteVisibility implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WriteVisibility.class.getName());

    private final CatalogIndex index;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor deadlines;
    private final Closeable listening;

    public WriteVisibility(CatalogIndex index) {
        this.index = index;
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("read-your-writes-deadlines").factory());
        deadlines.setRemoveOnCancelPolicy(true);
        this.listening = index.onRefresh(this::recheckWaiters);
    }

    /**
     * Whether an index that holds {@code held} of the write's item shows the write. An upsert is
     * shown by the item at the write's version or a later one. A tombstone is shown by the item's
     * absence, or by the item at a later version (made again since). An item of unknown version
     * (indexed before versions were stored) shows neither: applying the write stores a version.
     * The one case this cannot tell: an upsert the item has since been deleted after is not shown
     * (absence looks the same as not yet applied), so a caller passes the token of its last write
     * of each item.
     */
    public static boolean shows(HeldItem held, WriteToken write) {
        if (!held.present()) {
            return write.deleted();
        }
        return held.source() != null && held.source().includes(new SourceVersion(write.partition(), write.offset()));
    }

    /**
     * Completes once this index shows every write; fails with {@link WritesNotVisibleException}
     * when {@code wait} passes first. Writes already shown complete it at once, after one lookup.
     * It completes on the index's refresh thread or on the timer's: continue on a thread of your
     * own, never there.
     *
     * @throws IOException when the index cannot be read for the first check
     */
    public CompletableFuture<Void> await(Collection<WriteToken> writes, Duration wait) throws IOException {
        assert !writes.isEmpty() : "a wait for no writes";
        Waiter waiter = new Waiter(writes, wait);
        check(List.of(waiter));
        if (waiter.result.isDone()) {
            return waiter.result;
        }
        if (wait.isZero() || wait.isNegative()) {
            expire(waiter);
            return waiter.result;
        }
        waiters.add(waiter);
        waiter.deadline(deadlines.schedule(() -> expire(waiter), wait.toMillis(), TimeUnit.MILLISECONDS));
        // A refresh between the first check and the add above did not see this waiter: check once more.
        check(List.of(waiter));
        return waiter.result;
    }

    /** Searches waiting now. */
    public int waiting() {
        return waiters.size();
    }

    private void recheckWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        try {
            check(List.copyOf(waiters));
        } catch (IOException | RuntimeException e) {
            // Thrown into Lucene's refresh it would fail the refresh; the next one checks again, and every wait has its bound.
            LOG.log(System.Logger.Level.WARNING, "checking the writes that searches wait for failed; checking again at the next refresh", e);
        }
    }

    /** One lookup, on one searcher, of every item the waiters still wait for; a waiter whose writes are all shown completes. */
    private void check(List<Waiter> toCheck) throws IOException {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Waiter waiter : toCheck) {
            for (WriteToken write : waiter.unseen()) {
                ids.add(write.id());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        List<String> idList = List.copyOf(ids);
        List<HeldItem> held = index.held(idList);
        Map<String, HeldItem> byId = new HashMap<>();
        for (int i = 0; i < idList.size(); i++) {
            byId.put(idList.get(i), held.get(i));
        }
        for (Waiter waiter : toCheck) {
            if (waiter.dropShown(byId)) {
                waiters.remove(waiter);
                waiter.cancelDeadline();
                waiter.result.complete(null);
            }
        }
    }

    private void expire(Waiter waiter) {
        waiters.remove(waiter);
        waiter.result.completeExceptionally(new WritesNotVisibleException(waiter.unseen().size(), waiter.writes, waiter.wait));
    }

    /** Stops checking; searches still waiting fail (the service is shutting down). */
    @Override
    public void close() throws IOException {
        listening.close();
        deadlines.shutdownNow();
        for (Waiter waiter : List.copyOf(waiters)) {
            waiters.remove(waiter);
            waiter.result.completeExceptionally(new CancellationException("the catalog index is closing"));
        }
    }

    /** One waiting search: the writes it does not see yet. A write once shown stays counted as shown. */
    private static final class Waiter {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        final int writes;
        final Duration wait;
        private final Set<WriteToken> unseen;
        private ScheduledFuture<?> deadline;

        Waiter(Collection<WriteToken> writes, Duration wait) {
            this.unseen = new LinkedHashSet<>(writes);
            this.writes = unseen.size();
            this.wait = wait;
        }

        synchronized List<WriteToken> unseen() {
            return new ArrayList<>(unseen);
        }

        /** Drops the writes {@code held} shows (ids it lacks were not looked up); true when none is left. */
        synchronized boolean dropShown(Map<String, HeldItem> held) {
            unseen.removeIf(write -> held.containsKey(write.id()) && shows(held.get(write.id()), write));
            return unseen.isEmpty();
        }

        synchronized void deadline(ScheduledFuture<?> deadline) {
            this.deadline = deadline;
        }

        synchronized void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }
}
