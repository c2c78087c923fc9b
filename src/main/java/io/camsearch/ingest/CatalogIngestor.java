package io.camsearch.ingest;

import io.camsearch.cam.CamFeatures;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageRejectedException;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies batches of {@code catalog-images} records to the index, exactly once in effect.
 *
 * <p>A batch is: parse every record, fetch and decode every image (concurrently, each image reduced
 * at once to the model's input and a thumbnail), embed the accepted images in model batches, publish
 * the rejects to the dead-letter topic and wait for the broker's acknowledgement, apply upserts
 * and deletes in record order; then the index is committed together with the next offset of every
 * partition seen, at once or within {@link IngestSettings#commitInterval()}. Since the offsets live in the same commit as the items, a crash anywhere in a
 * batch leaves index and offsets agreeing on the last commit, and the batch is consumed again; an
 * upsert or delete applied twice in order changes nothing. Dead letters are the exception: a crash
 * between their publication and the commit publishes them again (they carry their source offset,
 * so a reader can tell).
 *
 * <p>An exception other than a rejected event (the index cannot write, the broker does not
 * acknowledge the dead letters) fails the batch, and nothing is committed from then on: the index
 * may hold part of the failed batch, and a restart consumes it again from the last good commit.
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
    private final Map<String, Long> positions = new LinkedHashMap<>();
    private final ScheduledExecutorService committer;
    private Map<String, Long> committed;
    private boolean uncommitted;
    private long lastCommitNanos = System.nanoTime();
    /** The failure of a batch or of a commit: from then on nothing is committed, and apply refuses. */
    private Throwable failure;

    public CatalogIngestor(ImageFetcher fetcher, ImageExplainer explainer, CatalogIndex index, DeadLetterSink deadLetters,
                           IngestSettings settings) throws IOException {
        this.fetcher = fetcher;
        this.explainer = explainer;
        this.index = index;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.fetchers = Executors.newFixedThreadPool(settings.fetchThreads(), r -> {
            Thread thread = new Thread(r, "catalog-image-fetch");
            thread.setDaemon(true);
            return thread;
        });
        positions.putAll(index.committedOffsets());
        committed = Map.copyOf(positions);
        if (settings.commitInterval().isZero()) {
            committer = null;
        } else {
            committer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "catalog-index-commit");
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(1, settings.commitInterval().toMillis());
            committer.scheduleWithFixedDelay(this::commitQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Applies the records (in consumption order) and commits them with their offsets. */
    public synchronized BatchReport apply(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        if (failure != null) {
            throw new IOException("an earlier batch or index commit failed; nothing since the last good commit is kept", failure);
        }
        try {
            return applyInOrder(records);
        } catch (Throwable e) {
            // The index may hold part of this batch, uncommitted: never commit it (a restart
            // consumes the batch again from the offsets of the last good commit). Errors too: an
            // OutOfMemoryError in the middle of the upserts leaves the same half-applied batch.
            failure = e;
            throw e;
        }
    }

    private BatchReport applyInOrder(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        List<Future<Prepared>> futures = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            futures.add(fetchers.submit(() -> prepare(record)));
        }
        // Embed each model batch as soon as its images are ready, while the fetch threads go on
        // preparing the later records: decoding overlaps embedding.
        List<Prepared> prepared = new ArrayList<>(records.size());
        List<Prepared.Upsert> unembedded = new ArrayList<>(settings.modelBatch());
        Map<Prepared.Upsert, CamFeatures> features = new IdentityHashMap<>();
        for (Future<Prepared> future : futures) {
            Prepared p = await(future);
            prepared.add(p);
            if (p instanceof Prepared.Upsert u) {
                unembedded.add(u);
                if (unembedded.size() == settings.modelBatch()) {
                    embed(unembedded, features);
                    unembedded.clear();
                }
            }
        }
        if (!unembedded.isEmpty()) {
            embed(unembedded, features);
        }
        // A model can map an image to a zero or non-finite vector, which has no direction to search by.
        for (int i = 0; i < prepared.size(); i++) {
            if (prepared.get(i) instanceof Prepared.Upsert u && !searchable(features.get(u).embedding())) {
                prepared.set(i, rejected(u.record(), new EventRejectedException(RejectReason.EMBEDDING_INVALID,
                        "the model embedded the image of '" + u.event().id() + "' as a zero or non-finite vector")));
            }
        }
        List<DeadLetter> rejected = new ArrayList<>();
        for (Prepared p : prepared) {
            if (p instanceof Prepared.Rejected r) {
                rejected.add(r.letter());
            }
        }
        if (!rejected.isEmpty()) {
            deadLetters.publish(rejected);
            for (DeadLetter letter : rejected) {
                LOG.log(System.Logger.Level.WARNING, "catalog event {0}-{1}@{2} (key {3}) went to the dead-letter topic: {4}: {5}",
                        letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), letter.key(), letter.reason(), letter.detail());
            }
        }
        int upserted = 0;
        int deleted = 0;
        for (Prepared p : prepared) {
            switch (p) {
                case Prepared.Upsert u -> {
                    CamFeatures f = features.get(u);
                    index.upsert(List.of(new CatalogItem(u.event().id(), f.embedding(), f.basis(), u.event().metadata(), u.thumbnail())));
                    upserted++;
                }
                case Prepared.Delete d -> {
                    index.delete(d.id());
                    deleted++;
                }
                case Prepared.Rejected r -> { }
            }
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            positions.merge(record.topic() + "-" + record.partition(), record.offset() + 1, Math::max);
        }
        uncommitted = true;
        if (System.nanoTime() - lastCommitNanos >= settings.commitInterval().toNanos()) {
            commit();
        }
        return new BatchReport(upserted, deleted, List.copyOf(rejected), Map.copyOf(positions));
    }

    /** The next offset to consume per {@code <topic>-<partition>}, as last committed with the index. */
    public synchronized Map<String, Long> positions() {
        return committed;
    }

    /** Commits what was applied since the last commit, with its offsets (the scheduled commit does this within the interval). */
    public synchronized void commit() throws IOException {
        if (failure != null) {
            throw new IOException("not committing: a batch or an index commit failed, and the index may hold part of a batch", failure);
        }
        if (uncommitted) {
            index.commit(positions);
            committed = Map.copyOf(positions);
            uncommitted = false;
        }
        lastCommitNanos = System.nanoTime();
    }

    private synchronized void commitQuietly() {
        if (failure != null) {
            return;
        }
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            // The next batch fails with it, which stops the channel: applied changes are not durable.
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "committing the catalog index failed", e);
        }
    }

    private Prepared prepare(ConsumerRecord<String, byte[]> record) {
        try {
            CatalogEvent event = parser.parse(record.key(), record.value());
            return switch (event) {
                case CatalogEvent.Delete delete -> new Prepared.Delete(delete.id());
                case CatalogEvent.Upsert upsert -> {
                    byte[] bytes = fetcher.fetch(upsert.image());
                    DecodedImage image;
                    try {
                        image = explainer.decode(bytes);
                    } catch (ImageRejectedException e) {
                        throw new EventRejectedException(RejectReason.of(e.reason()), "the image of '" + upsert.id() + "' (" + upsert.image() + "): " + e.getMessage(), e);
                    }
                    yield new Prepared.Upsert(record, upsert, explainer.toInput(image), Thumbnail.of(image, bytes, settings.thumbnailMaxSide()));
                }
            };
        } catch (EventRejectedException e) {
            return rejected(record, e);
        }
    }

    private static Prepared rejected(ConsumerRecord<String, byte[]> record, EventRejectedException e) {
        return new Prepared.Rejected(new DeadLetter(record.key(), record.value(), record.topic(), record.partition(), record.offset(), e.reason(), e.getMessage()));
    }

    private static boolean searchable(float[] embedding) {
        double norm = 0;
        for (float v : embedding) {
            norm += (double) v * v;
        }
        return norm > 0 && Double.isFinite(norm);
    }

    /** Embeds one model batch of upserts, adding their features to {@code features}. */
    private void embed(List<Prepared.Upsert> batch, Map<Prepared.Upsert, CamFeatures> features) {
        List<float[]> inputs = new ArrayList<>(batch.size());
        for (Prepared.Upsert u : batch) {
            inputs.add(u.input());
        }
        List<CamFeatures> out = explainer.analyzeInputs(inputs);
        for (int i = 0; i < batch.size(); i++) {
            features.put(batch.get(i), out.get(i));
        }
    }

    private static Prepared await(Future<Prepared> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            // Not a rejected event (those are values): a bug or an exhausted resource; fail the batch.
            throw new IOException("preparing a catalog event failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops fetching and the scheduled commit, and commits what was applied (a clean stop re-consumes nothing). */
    @Override
    public void close() {
        // The tasks never started are cancelled, not just dropped: a batch waiting for one of them
        // would otherwise wait forever, holding the lock this close then needs.
        for (Runnable neverStarted : fetchers.shutdownNow()) {
            if (neverStarted instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        if (committer != null) {
            committer.shutdownNow();
        }
        synchronized (this) {
            if (failure == null) {
                try {
                    commit();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the final index commit failed; the last batches will be consumed again", e);
                }
            }
        }
    }

    /** One record after fetching and decoding: ready to embed, to delete, or rejected. */
    private sealed interface Prepared {
        record Upsert(ConsumerRecord<String, byte[]> record, CatalogEvent.Upsert event, float[] input, Thumbnail thumbnail) implements Prepared {}

        record Delete(String id) implements Prepared {}

        record Rejected(DeadLetter letter) implements Prepared {}
    }
}
