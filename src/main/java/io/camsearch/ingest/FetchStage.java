package io.camsearch.ingest;

import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageRejectedException;
import io.camsearch.image.Thumbnail;
import io.camsearch.source.ImageFetcher;
import io.camsearch.source.SourceException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The first stage: each record parsed, its image fetched (many side by side, each within the
 * source timeout) and decoded (a few at once: decoding is CPU and memory), then reduced to the
 * embedder's input and a thumbnail, so that what waits for the model is small. A record that
 * cannot become an item comes out as a rejected change, never as an exception.
 */
public final class FetchStage implements AutoCloseable {

    /** One record after this stage: an image for the embedding stage, or a change that needs no model. */
    public sealed interface Fetched {

        record Image(ConsumerRecord<String, byte[]> record, ImageToEmbed image) implements Fetched {}

        /** A delete, or a rejected record. */
        record Ready(Change change) implements Fetched {}
    }

    private final CatalogEventParser parser = new CatalogEventParser();
    private final ImageFetcher fetcher;
    private final ImageDecoder decoder;
    private final ImageEmbedder embedder;
    private final int thumbnailMaxSide;
    private final ExecutorService threads;
    /** Decoding is CPU and memory: decodeThreads at once, however many fetches wait on the network. */
    private final Semaphore decoding;

    /**
     * @param embedder reduces each decoded image to its input
     */
    public FetchStage(ImageFetcher fetcher, ImageDecoder decoder, ImageEmbedder embedder, IngestSettings settings) {
        this.fetcher = fetcher;
        this.decoder = decoder;
        this.embedder = embedder;
        this.thumbnailMaxSide = settings.thumbnailMaxSide();
        this.threads = Executors.newFixedThreadPool(Math.max(settings.fetchThreads(), settings.concurrentFetches()), Futures.daemons("catalog-image-fetch"));
        this.decoding = new Semaphore(settings.fetchThreads());
    }

    /**
     * Starts each record on this stage's threads; the futures are in record order.
     *
     * @throws java.util.concurrent.RejectedExecutionException when closed
     */
    public List<Future<Fetched>> fetch(List<ConsumerRecord<String, byte[]>> records) {
        List<Future<Fetched>> fetched = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            fetched.add(threads.submit(() -> fetch(record)));
        }
        return fetched;
    }

    private Fetched fetch(ConsumerRecord<String, byte[]> record) throws InterruptedIOException {
        try {
            CatalogEvent event = parser.parse(record.key(), record.value());
            return switch (event) {
                case CatalogEvent.Delete delete -> new Fetched.Ready(new Change.Delete(delete.id()));
                case CatalogEvent.Upsert upsert -> {
                    byte[] bytes;
                    try {
                        bytes = fetcher.fetch(upsert.image());
                    } catch (SourceException e) {
                        throw EventRejectedException.of(e);
                    }
                    yield new Fetched.Image(record, decoded(upsert, bytes));
                }
            };
        } catch (EventRejectedException e) {
            return new Fetched.Ready(new Change.Reject(deadLetter(record, e)));
        }
    }

    private ImageToEmbed decoded(CatalogEvent.Upsert upsert, byte[] bytes) throws EventRejectedException, InterruptedIOException {
        try {
            decoding.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to decode an image"); // by close
        }
        try {
            DecodedImage image;
            try {
                image = decoder.decode(bytes);
            } catch (ImageRejectedException e) {
                throw EventRejectedException.of(e, "the image of '" + upsert.id() + "' (" + upsert.image() + ")");
            }
            return new ImageToEmbed(upsert.id(), upsert.metadata(), embedder.toInput(image), Thumbnail.of(image, bytes, thumbnailMaxSide));
        } finally {
            decoding.release();
        }
    }

    /** The record as it goes to the dead-letter topic, with why. */
    static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, EventRejectedException e) {
        return new DeadLetter(record.key(), record.value(), record.topic(), record.partition(), record.offset(), e.reason(), e.getMessage());
    }

    /**
     * Interrupts the fetches under way and cancels those never started (not just dropped: a model
     * thread waiting for one would otherwise wait forever).
     */
    @Override
    public void close() {
        for (Runnable neverStarted : threads.shutdownNow()) {
            if (neverStarted instanceof Future<?> future) {
                future.cancel(false);
            }
        }
    }
}
