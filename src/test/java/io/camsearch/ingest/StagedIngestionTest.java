package io.camsearch.ingest;

import static io.camsearch.ingest.TestIngestSettings.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.SourceVersion;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.service.ServiceDefaults;
import io.camsearch.source.ImageFetcher;
import io.camsearch.support.CatalogImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestor's stages put together with an embedder that needs no model ({@link
 * GridColourEmbedder}): ordering and delivery across chunks embedded side by side, on the real
 * fetch stage, applier and index.
 */
class StagedIngestionTest {

    private static final String TOPIC = "catalog-images";
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final GridColourEmbedder EMBEDDER = new GridColourEmbedder();
    private static final ImageFetcher FETCHER = fetcher();

    @AfterAll
    static void closeFetcher() {
        FETCHER.close();
    }

    @Test
    void chunksEmbeddedSideBySideAreAppliedInRecordOrderAcrossPartitions(@TempDir Path dir) throws Exception {
        // One record a chunk and three model threads: later chunks are often embedded before earlier ones.
        IngestSettings settings = small().modelBatch(1).modelWorkers(3).build();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, byte[]> last = new HashMap<>(); // the image each id must end with; null: deleted
        Map<Integer, Long> offsets = new HashMap<>();
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < 40; i++) {
            String id = ids[(i * 7) % ids.length];
            int partition = id.equals("d") ? 1 : 0; // one id stays on one partition, as Kafka keeps it
            long offset = offsets.merge(partition, 1L, Long::sum) - 1;
            if (i % 5 == 3) {
                records.add(new ConsumerRecord<>(TOPIC, partition, offset, id, null));
                last.put(id, null);
            } else {
                byte[] png = CatalogImages.png(i % 8, i);
                records.add(new ConsumerRecord<>(TOPIC, partition, offset, id, CatalogPublisher.inlineEvent(id, png, Map.of("n", i))));
                last.put(id, png);
            }
        }
        List<DeadLetter> letters = Collections.synchronizedList(new ArrayList<>());
        try (CatalogIndex index = CatalogIndex.open(dir, 50);
             CatalogIngestor ingestor = new CatalogIngestor(FETCHER, DECODER, EMBEDDER, index, letters::addAll, settings)) {
            BatchReport report = ingestor.apply(records);
            index.refresh();

            assertEquals(List.of(), letters);
            assertEquals(40, report.records());
            for (var entry : last.entrySet()) {
                if (entry.getValue() == null) {
                    assertTrue(index.get(entry.getKey()).isEmpty(), entry.getKey() + " ended deleted");
                } else {
                    assertArrayEquals(embedding(entry.getValue()), index.get(entry.getKey()).orElseThrow().embedding(), 0f,
                            entry.getKey() + " holds its last image");
                }
            }
            Positions end = Positions.of(TOPIC, 0, offsets.get(0)).merge(Positions.of(TOPIC, 1, offsets.get(1)));
            assertEquals(end, report.offsets());
            assertEquals(end, Positions.fromCommitData(index.committedData()));
        }
    }

    @Test
    void batchesSubmittedBackToBackCompleteInOrder(@TempDir Path dir) throws Exception {
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        try (CatalogIndex index = CatalogIndex.open(dir, 50);
             CatalogIngestor ingestor = new CatalogIngestor(FETCHER, DECODER, EMBEDDER, index, letters -> { }, small().modelBatch(2).modelWorkers(3).build())) {
            var first = ingestor.submit(List.of(record(0, "a", CatalogImages.png(1, 1)), record(1, "b", CatalogImages.png(2, 1)),
                    record(2, "a", CatalogImages.png(3, 1))));
            first.thenRun(() -> completed.add("first"));
            var second = ingestor.submit(List.of(new ConsumerRecord<>(TOPIC, 0, 3L, "a", null), record(4, "b", CatalogImages.png(4, 1))));
            second.thenRun(() -> completed.add("second"));

            BatchReport secondReport = second.get(30, TimeUnit.SECONDS);
            index.refresh();

            assertEquals(List.of("first", "second"), completed);
            assertEquals(Positions.of(TOPIC, 0, 3), first.get().offsets());
            assertEquals(Positions.of(TOPIC, 0, 5), secondReport.offsets());
            assertTrue(index.get("a").isEmpty());
            assertArrayEquals(embedding(CatalogImages.png(4, 1)), index.get("b").orElseThrow().embedding(), 0f);
        }
    }

    /** A searcher replica stores each item's source version too: read-your-writes tokens are checked against it in both set-ups. */
    @Test
    void eachItemIndexedInOneProcessStoresTheSourceVersionOfItsEvent(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 50);
             CatalogIngestor ingestor = new CatalogIngestor(FETCHER, DECODER, EMBEDDER, index, letters -> { }, small().build())) {
            ingestor.apply(List.of(record(0, "a", CatalogImages.png(1, 1)), record(1, "b", CatalogImages.png(2, 1)),
                    record(2, "a", CatalogImages.png(3, 1)), new ConsumerRecord<>(TOPIC, 1, 7L, "c", CatalogPublisher.inlineEvent("c", CatalogImages.png(4, 1), Map.of()))));
            index.refresh();

            assertEquals(List.of(Optional.of(new SourceVersion(0, 2)), Optional.of(new SourceVersion(0, 1)), Optional.of(new SourceVersion(1, 7))),
                    index.sources(List.of("a", "b", "c")));
        }
    }

    @Test
    void anImageEmbeddedAsTheZeroVectorGoesToTheDeadLetterTopicAndTheBatchGoesOn(@TempDir Path dir) throws Exception {
        List<DeadLetter> letters = Collections.synchronizedList(new ArrayList<>());
        try (CatalogIndex index = CatalogIndex.open(dir, 50);
             CatalogIngestor ingestor = new CatalogIngestor(FETCHER, DECODER, EMBEDDER, index, letters::addAll, small().build())) {
            BatchReport report = ingestor.apply(List.of(record(0, "black", blackPng()), record(1, "fine", CatalogImages.png(5, 2))));
            index.refresh();

            assertEquals(1, report.upserted());
            assertEquals(List.of("EMBEDDING_INVALID"), letters.stream().map(DeadLetter::reason).toList());
            assertEquals("the model embedded the image of 'black' as a zero or non-finite vector", letters.get(0).detail());
            assertEquals(0L, letters.get(0).sourceOffset());
            assertTrue(index.get("black").isEmpty());
            assertTrue(index.get("fine").isPresent());
            assertEquals(Positions.of(TOPIC, 0, 2), Positions.fromCommitData(index.committedData()));
        }
    }

    private static float[] embedding(byte[] png) {
        return EMBEDDER.toInput(DECODER.decode(png));
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String id, byte[] png) {
        return new ConsumerRecord<>(TOPIC, 0, offset, id, CatalogPublisher.inlineEvent(id, png, Map.of()));
    }

    private static byte[] blackPng() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static ImageFetcher fetcher() {
        try {
            return ImageFetcher.standalone(ServiceDefaults.source().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
