package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.index.CatalogIndex;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.support.CatalogImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ingestor does with what a model makes of an image (the Kafka side is tested in CatalogIngestionTest). */
class CatalogIngestorTest {

    @Test
    void anImageTheModelEmbedsAsAZeroVectorGoesToTheDeadLetterTopicAndTheBatchIsStillCommitted(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            // A head with all weights zero maps every image to the zero vector: no direction to search by.
            model.headBlock().getParameters().values().forEach(p -> p.getArray().muli(0));
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            ImageFetcher fetcher = new ImageFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1), ImageLimits.DEFAULT.maxBytes(), Optional.empty());
            List<DeadLetter> letters = new ArrayList<>();
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 CatalogIngestor ingestor = new CatalogIngestor(fetcher, explainer, index, letters::addAll, new IngestSettings(32, 2, 64, Duration.ZERO))) {
                BatchReport report = ingestor.apply(List.of(new ConsumerRecord<>("catalog-images", 0, 7L, "zero",
                        CatalogPublisher.inlineEvent("zero", CatalogImages.png(0, 0), Map.of()))));
                index.refresh();
                assertEquals(0, report.upserted());
                assertEquals(List.of(RejectReason.EMBEDDING_INVALID), letters.stream().map(DeadLetter::reason).toList());
                assertTrue(letters.get(0).detail().contains("'zero'"), letters.get(0).detail());
                assertEquals(0, index.size());
                assertEquals(Map.of("catalog-images-0", 8L), index.committedOffsets());
            }
        }
    }

    @Test
    void withACommitIntervalABatchIsSearchableAtOnceAndCommittedWithItsOffsetsByTheScheduleOrAtClose(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            ImageFetcher fetcher = new ImageFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1), ImageLimits.DEFAULT.maxBytes(), Optional.empty());
            try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
                // An interval no test run reaches: only close() can commit.
                CatalogIngestor slow = new CatalogIngestor(fetcher, explainer, index, letters -> { }, new IngestSettings(32, 2, 64, Duration.ofHours(1)));
                slow.apply(List.of(record(41L, "a", CatalogImages.png(1, 1))));
                index.refresh();
                assertEquals(1, index.size(), "searchable before its commit");
                assertEquals(Map.of(), index.committedOffsets(), "not committed within the interval");
                assertEquals(Map.of(), slow.positions(), "positions are the committed ones");
                slow.close();
                assertEquals(Map.of("catalog-images-1", 42L), index.committedOffsets(), "closing commits what was applied");

                CatalogIngestor fast = new CatalogIngestor(fetcher, explainer, index, letters -> { }, new IngestSettings(32, 2, 64, Duration.ofMillis(200)));
                fast.apply(List.of(record(42L, "b", CatalogImages.png(2, 1))));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!index.committedOffsets().equals(Map.of("catalog-images-1", 43L))) {
                    assertTrue(System.nanoTime() < deadline, "the scheduled commit did not come within 10 s");
                    Thread.sleep(20);
                }
                fast.close();
            }
        }
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String id, byte[] png) {
        return new ConsumerRecord<>("catalog-images", 1, offset, id, CatalogPublisher.inlineEvent(id, png, Map.of()));
    }
}
