package io.camsearch.scale;

import io.camsearch.client.WriteToken;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The catalog events the scale-out test publishes, and so what every searcher must end up holding:
 * each live item with the sequence number of its latest event. Every event carries its sequence
 * number in the item's metadata ({@code seq}), so a searcher that kept an older version of an item,
 * or an item deleted since, shows it in its {@code /items}.
 */
final class PublishedCatalog implements AutoCloseable {

    /** Classes of the synthetic catalog the items' images are drawn from. */
    static final int CLASSES = 40;

    private final CatalogPublisher publisher;
    private final SortedMap<String, Integer> latest = new TreeMap<>();
    private final List<String> deleted = new ArrayList<>();
    private int nextSeq;

    PublishedCatalog(String bootstrapServers) {
        this.publisher = new CatalogPublisher(bootstrapServers);
    }

    static String id(int item) {
        return String.format("scale-%03d", item);
    }

    /** Item {@code item}'s first image: one of its class's images that no other item has. */
    static byte[] image(int item) {
        return CatalogImages.png(item % CLASSES, item / CLASSES);
    }

    /** Item {@code item}'s image after its {@code round}-th update: again one no other item has. */
    static byte[] updatedImage(int item, int round) {
        return CatalogImages.png(item % CLASSES, 100 + 10 * round + item / CLASSES);
    }

    /** Publishes items {@code from} .. {@code to - 1} with their first image; returns their write tokens once the broker acknowledged them. */
    List<WriteToken> addItems(int from, int to) throws IOException {
        // Drawn first, so that the events go out in one burst: a test waiting for the first of them to
        // be indexed (to kill a process in the middle of the work) starts watching early.
        List<byte[]> images = new ArrayList<>();
        for (int item = from; item < to; item++) {
            images.add(image(item));
        }
        for (int item = from; item < to; item++) {
            upsert(item, images.get(item - from));
        }
        return publisher.flush();
    }

    /**
     * Publishes items {@code from} .. {@code to - 1} as a stream on a thread of its own: {@code chunk}
     * items every {@code every}, each chunk acknowledged before the next. The embedders then work
     * through events as they come, so a process killed while the stream runs is killed with work in
     * hand, however fast the machine embeds a burst. Until the returned future completes (all
     * acknowledged) the stream owns this catalog: call nothing else on it.
     */
    CompletableFuture<Void> stream(int from, int to, int chunk, Duration every) {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "catalog-stream"));
        CompletableFuture<Void> done = new CompletableFuture<>();
        int[] next = {from};
        pacer.scheduleAtFixedRate(() -> {
            try {
                int end = Math.min(to, next[0] + chunk);
                for (int item = next[0]; item < end; item++) {
                    upsert(item, image(item));
                }
                publisher.flush();
                next[0] = end;
                if (end == to) {
                    done.complete(null);
                }
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((ignored, failure) -> pacer.shutdownNow());
        return done;
    }

    /** Publishes an event for {@code item} with {@code png}, not yet acknowledged ({@link #flush}). */
    void upsert(int item, byte[] png) {
        int seq = nextSeq++;
        Map<String, Object> metadata = new HashMap<>(CatalogImages.metadata(item % CLASSES, item / CLASSES));
        metadata.put("seq", seq);
        publisher.upsert(id(item), png, metadata);
        latest.put(id(item), seq);
        deleted.remove(id(item));
    }

    /** Publishes a tombstone for {@code item}, not yet acknowledged ({@link #flush}). */
    void delete(int item) {
        publisher.delete(id(item));
        latest.remove(id(item));
        deleted.add(id(item));
    }

    /** Waits until the broker acknowledged every event so far; their write tokens, in the order published. */
    List<WriteToken> flush() throws IOException {
        return publisher.flush();
    }

    /** Every live item and the sequence number of its latest event. */
    SortedMap<String, Integer> expected() {
        return new TreeMap<>(latest);
    }

    /** Items whose latest event is a tombstone. */
    List<String> deleted() {
        return List.copyOf(deleted);
    }

    @Override
    public void close() throws IOException {
        publisher.close();
    }
}
