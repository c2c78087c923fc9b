package io.camsearch.ingest;

import io.camsearch.cam.SharedGradient;
import io.camsearch.embeddings.EmbeddingEnvelope;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.embeddings.EnvelopeCodec;
import io.camsearch.index.SourceVersion;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The embedder's last stage: each chunk's changes published to the model's embeddings topic
 * ({@link EmbeddingsTopic}), key = item id; an upsert as an {@link EnvelopeCodec envelope} whose
 * version is its source event's partition and offset, a delete as a tombstone (null value), a
 * rejected event to the dead-letter topic as the index applier sends it. A chunk counts once the
 * broker has acknowledged every record of it (and its dead letters); only then do the positions
 * pass it, so the consumer group's offsets, committed from {@link #committed}, never cover a record
 * the topic does not hold.
 *
 * <p>Chunks are published one at a time, in the order queued, on a thread of their own: the
 * records of a chunk go out together (the producer batches them) and the thread waits for their
 * acknowledgements before the next chunk's; with the idempotent producer (see {@link
 * #producerSettings}) every record of one key is on one partition in the order sent. Waiting per
 * chunk costs one round trip to the broker per model batch, which the embedding of that batch
 * dwarfs, and keeps one simple rule: a failed chunk is never followed by a later one.
 *
 * <p>An envelope larger than the producer or the topic takes ({@link RecordTooLargeException})
 * goes to the dead-letter topic ({@link RejectReason#ENVELOPE_TOO_LARGE}) with a message naming
 * the item, its size and the setting to raise: the same item would be refused on every retry, so
 * stopping would stall its partition for good, while the dead letter keeps the original event
 * for a replay once the limit is raised. Until then searchers keep the item's previous version,
 * if any. Any other failure to publish (the broker unreachable past the producer's delivery
 * timeout) stops the publisher: the chunk and every chunk after it fail, the positions stay
 * before them, and a restart consumes them again. Publishing a chunk again is harmless: a
 * searcher keeps the newer of two versions of an item.
 */
public final class EmbeddingsPublisher implements ChangeApplier {

    private static final System.Logger LOG = System.getLogger(EmbeddingsPublisher.class.getName());
    /** The producer's setting that bounds a request, named in the error of an envelope too large. */
    static final String MAX_REQUEST_SIZE = ProducerConfig.MAX_REQUEST_SIZE_CONFIG;

    private final Producer<String, byte[]> producer;
    private final ModelIdentity model;
    /** The model's shared M, null for a head without one: the explanation is encoded here, once, as the index stores it. */
    private final SharedGradient gradient;
    private final String topic;
    private final DeadLetterSink deadLetters;
    /** Chunks queued and not yet published: taken before a chunk's work starts, returned when it counts. */
    private final Semaphore room;
    private final ThreadPoolExecutor thread;
    /** The chunk on the publishing thread, for close to cancel its changes. */
    private volatile Chunk current;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The positions after the chunks acknowledged in full; written by the publishing thread only. */
    private volatile Positions acknowledged;
    private volatile boolean closed;

    /**
     * @param producer made with {@link #producerSettings}; this publisher does not close it
     * @param gradient {@code model}'s shared M ({@code EmbeddingCam.sharedGradient}), null when its head has none
     * @param start the positions to start from (the consumer group's committed offsets, if known)
     * @param capacity chunks that may wait to be published; {@link #apply} waits while that many do
     */
    public EmbeddingsPublisher(Producer<String, byte[]> producer, ModelIdentity model, SharedGradient gradient, DeadLetterSink deadLetters,
            Positions start, int capacity) {
        this(producer, model, gradient, EmbeddingsTopic.name(model), deadLetters, start, capacity);
    }

    /** A publisher to a topic named otherwise than {@link EmbeddingsTopic#name} (tests, a topic per case). */
    EmbeddingsPublisher(Producer<String, byte[]> producer, ModelIdentity model, SharedGradient gradient, String topic, DeadLetterSink deadLetters,
            Positions start, int capacity) {
        assert capacity > 0 : "capacity " + capacity;
        this.producer = producer;
        this.model = model;
        this.gradient = gradient;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.acknowledged = start;
        this.room = new Semaphore(capacity);
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Futures.daemons("catalog-embeddings-publish"));
    }

    /**
     * The producer settings the publisher's guarantees rest on, over {@code base} (bootstrap
     * servers, security): idempotence with {@code acks=all} and at most 5 requests in flight, which
     * keeps each partition's records in the order sent across retries and writes each once.
     *
     * @param maxRequestBytes the largest record (envelope) the producer sends; the topic's
     *     {@code max.message.bytes} must be at least this (see {@link EmbeddingsTopicSetup})
     */
    public static Map<String, Object> producerSettings(Map<String, ?> base, int maxRequestBytes) {
        Map<String, Object> settings = new HashMap<>(base);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        return settings;
    }

    /** The topic this publisher writes. */
    public String topic() {
        return topic;
    }

    @Override
    public CompletableFuture<BatchReport> apply(List<ConsumerRecord<String, byte[]>> records, Supplier<CompletableFuture<List<Change>>> start)
            throws IOException {
        awaitRoom();
        CompletableFuture<List<Change>> changes;
        try {
            changes = start.get();
        } catch (RuntimeException e) {
            room.release();
            throw e;
        }
        Chunk chunk = new Chunk(List.copyOf(records), changes, new CompletableFuture<>());
        try {
            thread.execute(chunk);
        } catch (RejectedExecutionException e) {
            room.release();
            changes.cancel(false);
            throw new IOException("the embeddings publisher is closed", e);
        }
        return chunk.done;
    }

    @Override
    public Positions applied() {
        return acknowledged;
    }

    /** The positions after the chunks the broker acknowledged in full: what the consumer group may commit. */
    @Override
    public Positions committed() {
        return acknowledged;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void refuseIfStopped() throws IOException {
        Throwable f = failure.get();
        if (f != null) {
            throw new IOException("publishing an earlier chunk to " + topic + " failed; nothing after the last acknowledged chunk counts", f);
        }
        if (closed) {
            throw new IOException("the embeddings publisher is closed");
        }
    }

    /** On the publishing thread, chunks in the order queued. */
    private void publishInTurn(Chunk chunk) {
        current = chunk;
        try {
            if (closed) {
                throw new CancellationException("the embeddings publisher was closed before this chunk");
            }
            Throwable failed = failure.get();
            if (failed != null) {
                chunk.changes.cancel(false);
                chunk.done.completeExceptionally(failed);
                return;
            }
            chunk.done.complete(publish(chunk.records, Futures.await(chunk.changes, "making a chunk's changes")));
        } catch (Throwable e) {
            // Cut short by close, not a failure: the positions stop before this chunk either way.
            if (!closed) {
                failure.compareAndSet(null, e);
            }
            chunk.changes.cancel(false);
            chunk.done.completeExceptionally(e);
        } finally {
            current = null;
            room.release();
        }
    }

    private BatchReport publish(List<ConsumerRecord<String, byte[]>> chunk, List<Change> changes) throws IOException {
        // Close interrupts the stages, whose interrupted fetches come back as rejects: not published.
        if (closed) {
            throw new CancellationException("the embeddings publisher is closing");
        }
        if (changes.size() != chunk.size()) {
            throw new IOException("a chunk of " + chunk.size() + " records came back as " + changes.size() + " changes");
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(chunk.size());
        List<byte[]> values = new ArrayList<>(chunk.size());
        int upserted = 0;
        int deleted = 0;
        List<DeadLetter> rejected = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            ConsumerRecord<String, byte[]> source = chunk.get(i);
            byte[] value = null;
            String key = null;
            switch (changes.get(i)) {
                case Change.Upsert u -> {
                    key = u.item().id();
                    value = EnvelopeCodec.encode(EmbeddingEnvelope.of(model, new SourceVersion(source.partition(), source.offset()), u.item(), gradient));
                }
                case Change.Delete d -> key = d.id();
                case Change.Reject r -> rejected.add(r.letter());
            }
            values.add(value);
            sends.add(key == null ? null : producer.send(new ProducerRecord<>(topic, key, value)));
        }
        for (int i = 0; i < sends.size(); i++) {
            if (sends.get(i) == null) {
                continue;
            }
            try {
                sends.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the broker to acknowledge a chunk on " + topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw new IOException("the broker did not acknowledge the chunk's records on " + topic + " (" + e.getCause().getMessage()
                            + "); they will be consumed and published again", e.getCause());
                }
                rejected.add(FetchStage.deadLetter(chunk.get(i), tooLarge(chunk.get(i).key(), values.get(i).length)));
                continue;
            }
            if (values.get(i) == null) {
                deleted++;
            } else {
                upserted++;
            }
        }
        // The dead letters are acknowledged before the positions pass them.
        DeadLetterSink.publishAndLog(deadLetters, rejected, LOG);
        acknowledged = acknowledged.merge(Positions.after(chunk));
        return new BatchReport(upserted, deleted, rejected, acknowledged);
    }

    private EventRejectedException tooLarge(String id, int bytes) {
        return new EventRejectedException(RejectReason.ENVELOPE_TOO_LARGE, "the envelope of '" + id + "' has " + bytes
                + " bytes, more than " + topic + " takes: raise the producer's " + MAX_REQUEST_SIZE + " and the topic's max.message.bytes"
                + " (and the broker's message.max.bytes) above it");
    }

    private void awaitRoom() throws IOException {
        refuseIfStopped();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for room in the embeddings publisher's queue");
        }
        try {
            refuseIfStopped();
        } catch (IOException e) {
            room.release();
            throw e;
        }
    }

    /**
     * Stops taking chunks and cancels those not yet published (their futures fail); a chunk whose
     * records are out already waits for their acknowledgements, so that the positions are exact.
     * The producer stays open: its owner closes it after this.
     */
    @Override
    public void close() {
        closed = true;
        Chunk publishing = current;
        if (publishing != null) {
            publishing.changes.cancel(false);
        }
        for (Runnable queued : thread.getQueue()) {
            ((Chunk) queued).changes.cancel(false);
        }
        // Not shutdownNow: the queued chunks still run, to fail their futures; an interrupt would cut an acknowledgement short.
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the embeddings publisher did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A chunk's records, their changes (perhaps still being made), and when they are published. */
    private final class Chunk implements Runnable {
        final List<ConsumerRecord<String, byte[]>> records;
        final CompletableFuture<List<Change>> changes;
        final CompletableFuture<BatchReport> done;

        Chunk(List<ConsumerRecord<String, byte[]>> records, CompletableFuture<List<Change>> changes, CompletableFuture<BatchReport> done) {
            this.records = records;
            this.changes = changes;
            this.done = done;
        }

        @Override
        public void run() {
            publishInTurn(this);
        }
    }
}
