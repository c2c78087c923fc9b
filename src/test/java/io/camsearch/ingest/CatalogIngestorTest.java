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
            List<DeadLetter> letters = new ArrayList<>();
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 CatalogIngestor ingestor = new CatalogIngestor(fetcher(), explainer, index, letters::addAll, new IngestSettings(32, 2, 2, 1, 64, Duration.ZERO))) {
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
            try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
                // An interval no test run reaches: only close() can commit.
                CatalogIngestor slow = new CatalogIngestor(fetcher(), explainer, index, letters -> { }, new IngestSettings(32, 2, 2, 1, 64, Duration.ofHours(1)));
                slow.apply(List.of(record(41L, "a", CatalogImages.png(1, 1))));
                index.refresh();
                assertEquals(1, index.size(), "searchable before its commit");
                assertEquals(Map.of(), index.committedOffsets(), "not committed within the interval");
                assertEquals(Map.of(), slow.positions(), "positions are the committed ones");
                slow.close();
                assertEquals(Map.of("catalog-images-1", 42L), index.committedOffsets(), "closing commits what was applied");

                CatalogIngestor fast = new CatalogIngestor(fetcher(), explainer, index, letters -> { }, new IngestSettings(32, 2, 2, 1, 64, Duration.ofMillis(200)));
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

    @Test
    void changesToOneIdAcrossModelBatchesEndInRecordOrder(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            List<DeadLetter> letters = new ArrayList<>();
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 // Model batches of 2: the five images are embedded in three forwards.
                 CatalogIngestor ingestor = new CatalogIngestor(fetcher(), explainer, index, letters::addAll, new IngestSettings(2, 2, 2, 1, 64, Duration.ZERO))) {
                BatchReport report = ingestor.apply(List.of(
                        record(0L, "a", CatalogImages.png(1, 1)),
                        record(1L, "b", CatalogImages.png(2, 1)),
                        new ConsumerRecord<>("catalog-images", 1, 2L, "b", null),
                        record(3L, "a", CatalogImages.png(3, 1)),
                        record(4L, "x", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}),
                        record(5L, "c", CatalogImages.png(4, 1)),
                        new ConsumerRecord<>("catalog-images", 1, 6L, "a", null),
                        record(7L, "a", CatalogImages.png(5, 1))));
                index.refresh();

                assertEquals(5, report.upserted());
                assertEquals(2, report.deleted());
                assertEquals(List.of("x"), letters.stream().map(DeadLetter::key).toList());
                assertEquals(2, index.size(), "a and c; b was deleted");
                assertTrue(index.get("b").isEmpty());
                float[] last = explainer.analyze(CatalogImages.png(5, 1)).features().embedding();
                float[] before = explainer.analyze(CatalogImages.png(3, 1)).features().embedding();
                float[] stored = index.get("a").orElseThrow().embedding();
                assertTrue(distance(stored, last) < 1e-4, "a is its last image: " + distance(stored, last));
                assertTrue(distance(stored, before) > 1e-2, "not the one it was deleted after: " + distance(stored, before));
                assertEquals(Map.of("catalog-images-1", 8L), index.committedOffsets());
            }
        }
    }

    @Test
    void batchesSubmittedBackToBackOverlapAndStillEndInRecordOrder(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 CatalogIngestor ingestor = new CatalogIngestor(fetcher(), explainer, index, letters -> { }, new IngestSettings(2, 2, 2, 1, 64, Duration.ZERO))) {
                List<String> completed = java.util.Collections.synchronizedList(new ArrayList<>());
                // The second batch is taken in while the first is still being embedded: nothing waits for the first's report.
                var first = ingestor.submit(List.of(
                        record(0L, "a", CatalogImages.png(1, 2)), record(1L, "b", CatalogImages.png(2, 2)),
                        record(2L, "c", CatalogImages.png(3, 2)), record(3L, "a", CatalogImages.png(4, 2)),
                        record(4L, "d", CatalogImages.png(5, 2))));
                first.thenRun(() -> completed.add("first"));
                var second = ingestor.submit(List.of(
                        new ConsumerRecord<>("catalog-images", 1, 5L, "a", null), record(6L, "b", CatalogImages.png(6, 2)),
                        record(7L, "a", CatalogImages.png(7, 2)), new ConsumerRecord<>("catalog-images", 1, 8L, "c", null)));
                second.thenRun(() -> completed.add("second"));
                BatchReport secondReport = second.get(60, java.util.concurrent.TimeUnit.SECONDS);
                BatchReport firstReport = first.get();
                index.refresh();

                assertEquals(List.of("first", "second"), completed);
                assertEquals(5, firstReport.upserted());
                assertEquals(Map.of("catalog-images-1", 5L), firstReport.offsets());
                assertEquals(2, secondReport.upserted());
                assertEquals(2, secondReport.deleted());
                assertEquals(Map.of("catalog-images-1", 9L), secondReport.offsets());
                assertEquals(3, index.size(), "a, b and d; c was deleted");
                assertTrue(index.get("c").isEmpty());
                assertTrue(distance(index.get("a").orElseThrow().embedding(), explainer.analyze(CatalogImages.png(7, 2)).features().embedding()) < 1e-4,
                        "a is its last image, upserted after the delete in the second batch");
                assertTrue(distance(index.get("b").orElseThrow().embedding(), explainer.analyze(CatalogImages.png(6, 2)).features().embedding()) < 1e-4);
                assertEquals(Map.of("catalog-images-1", 9L), index.committedOffsets());
            }
        }
    }

    @Test
    void aFullPipelineHoldsTheSubmitterBackUntilTheModelCatchesUp(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            // The first image is a named pipe: its record cannot be prepared until the test writes it.
            Path pipe = namedPipe(dir);
            ImageFetcher fromFiles = filesUnder(pipe.getParent());
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newSingleThreadExecutor();
            try (CatalogIndex index = CatalogIndex.open(dir.resolve("index"), 50);
                 // Chunks of one record; one model worker: room for three chunks waiting, one being applied.
                 CatalogIngestor ingestor = new CatalogIngestor(fromFiles, explainer, index, letters -> { }, new IngestSettings(1, 2, 1, 1, 64, Duration.ZERO))) {
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                records.add(slowRecord(pipe));
                for (int i = 1; i < 10; i++) {
                    records.add(record(i, "item-" + i, CatalogImages.png(i, 3)));
                }
                var submitted = threads.submit(() -> ingestor.submit(records));
                Thread.sleep(500);
                assertTrue(!submitted.isDone(), "ten chunks do not fit while the first cannot be prepared");

                java.nio.file.Files.write(pipe, CatalogImages.png(11, 3));
                BatchReport report = submitted.get(30, java.util.concurrent.TimeUnit.SECONDS).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(10, report.upserted());
                assertEquals(Map.of("catalog-images-1", 10L), index.committedOffsets());
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void closingWhileAnImageDownloadsNeitherDeadLettersItNorCommitsPastIt(@TempDir Path dir) throws Exception {
        // Close interrupts the download, which the fetcher reports as an unreachable URL: that must
        // not reach the dead-letter topic or the committed offsets, or the event would be lost. Two
        // interleavings: close interrupts the model thread waiting for the download first, or the
        // interrupted download completes, is "embedded", and the applier must refuse the chunk.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/slow.png", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            ImageFetcher slowServer = new ImageFetcher(Duration.ofSeconds(5), Duration.ofSeconds(30), ImageLimits.DEFAULT.maxBytes(), Optional.empty());
            List<DeadLetter> letters = java.util.Collections.synchronizedList(new ArrayList<>());
            try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
                CatalogIngestor ingestor = new CatalogIngestor(slowServer, explainer, index, letters::addAll, new IngestSettings(32, 2, 2, 1, 64, Duration.ZERO));
                ingestor.apply(List.of(record(0L, "before", CatalogImages.png(1, 4))));
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow.png";
                var batch = ingestor.submit(List.of(new ConsumerRecord<>("catalog-images", 1, 1L, "slow", CatalogPublisher.urlEvent("slow", url, Map.of()))));
                Thread.sleep(300); // the download has started and waits for the server
                ingestor.close();

                // Failed (its model thread interrupted) or cancelled (embedded after close began).
                Exception cutShort = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> batch.get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(cutShort instanceof java.util.concurrent.ExecutionException || cutShort instanceof java.util.concurrent.CancellationException,
                        cutShort.toString());
                assertEquals(List.of(), letters, "an interrupted download is not the event's fault");
                assertEquals(Map.of("catalog-images-1", 1L), index.committedOffsets(), "consumed again after a restart");
            }
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void anIndexThatCannotBeWrittenStopsIngestionReportsItAndKeepsTheLastGoodCommit(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            Path indexDir = dir.resolve("index");
            // No scheduled refresh: only the commit writes to the directory.
            CatalogIndex index = CatalogIndex.open(indexDir, 3_600_000);
            CatalogIngestor ingestor = new CatalogIngestor(fetcher(), explainer, index, letters -> { }, new IngestSettings(32, 2, 2, 1, 64, Duration.ofMillis(100)));
            try {
                ingestor.apply(List.of(record(0L, "a", CatalogImages.png(1, 5))));
                awaitCommitted(index, Map.of("catalog-images-1", 1L));

                // The directory goes away, lock file and all: the writer refuses the next change.
                try (var files = java.nio.file.Files.walk(indexDir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.delete(p);
                    }
                }
                java.io.IOException failed = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> ingestor.apply(List.of(record(1L, "b", CatalogImages.png(2, 5)))));
                assertTrue(failed.getMessage().contains("write.lock"), failed.getMessage());
                assertTrue(ingestor.failure() != null, "the failure is reported (the consumer's readiness shows it)");
                java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> ingestor.apply(List.of(record(2L, "c", CatalogImages.png(3, 5)))));
                assertTrue(refused.getMessage().contains("failed"), refused.getMessage());
                assertTrue(refused.getCause() == ingestor.failure(), "refused because of that failure");
                assertEquals(Map.of("catalog-images-1", 1L), ingestor.positions(), "the positions stay at the last good commit");
            } finally {
                ingestor.close();
                try {
                    index.close();
                } catch (java.io.IOException | RuntimeException e) {
                    // its directory is gone
                }
            }
        }
    }

    @Test
    void afterAFailedBatchNothingIsCommittedAndFurtherBatchesAreRefused(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            DeadLetterSink brokerDown = letters -> {
                throw new java.io.IOException("the broker did not acknowledge the dead letters");
            };
            try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
                CatalogIngestor ingestor = new CatalogIngestor(fetcher(), explainer, index, brokerDown, new IngestSettings(32, 2, 2, 1, 64, Duration.ofMillis(50)));
                ingestor.apply(List.of(record(0L, "a", CatalogImages.png(1, 1))));
                awaitCommitted(index, Map.of("catalog-images-1", 1L));

                // A good image and a corrupt one, whose dead letter the broker does not take.
                java.io.IOException failed = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ingestor.apply(List.of(
                        record(1L, "b", CatalogImages.png(2, 1)), record(2L, "x", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}))));
                assertTrue(failed.getMessage().contains("acknowledge"), failed.getMessage());
                Thread.sleep(300); // six commit intervals
                java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> ingestor.apply(List.of(record(3L, "c", CatalogImages.png(3, 1)))));
                assertTrue(refused.getMessage().contains("earlier batch"), refused.getMessage());
                ingestor.close();

                assertEquals(Map.of("catalog-images-1", 1L), index.committedOffsets(), "neither the schedule nor close committed the failed batch");
                assertEquals(Map.of("catalog-images-1", 1L), ingestor.positions());
            }
            try (CatalogIndex reopened = CatalogIndex.open(dir, 50)) {
                assertEquals(1, reopened.size(), "only the committed item survives a restart: b is consumed again");
            }
        }
    }

    @Test
    void closingDuringABatchFailsTheBatchInsteadOfLeavingItWaitingForImagesThatWillNeverBePrepared(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            // Reading a named pipe blocks in open(2) until a writer comes, and an interrupt does not
            // end that wait: the only fetch thread is busy while the other two records wait in its queue.
            Path pipe = namedPipe(dir);
            ImageFetcher fromFiles = filesUnder(pipe.getParent());
            // Threads of its own: the common pool has a single thread on a 2-core machine.
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try (CatalogIndex index = CatalogIndex.open(dir.resolve("index"), 50)) {
                CatalogIngestor ingestor = new CatalogIngestor(fromFiles, explainer, index, letters -> { }, new IngestSettings(32, 1, 2, 1, 64, Duration.ZERO));
                java.util.concurrent.CompletableFuture<BatchReport> batch = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ingestor.apply(List.of(
                                slowRecord(pipe),
                                record(1L, "a", CatalogImages.png(1, 1)), record(2L, "b", CatalogImages.png(2, 1))));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, threads);
                Thread.sleep(300);
                java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(ingestor::close, threads);
                Thread.sleep(300);
                java.nio.file.Files.write(pipe, CatalogImages.png(3, 1)); // the first image arrives after close began

                // On other threads, so that a regression fails here (a timeout) instead of hanging the suite.
                closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
                java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> batch.get(30, java.util.concurrent.TimeUnit.SECONDS));
                // Cancelled while waiting for its images, or interrupted while its model thread waited for them.
                assertTrue(failed.getCause() instanceof java.util.concurrent.CancellationException
                        || failed.getCause() instanceof java.io.UncheckedIOException, failed.getCause().toString());
                assertEquals(Map.of(), index.committedOffsets(), "the batch close cut short is not committed");
            } finally {
                threads.shutdownNow(); // not close(): after a regression it would wait for the stuck batch forever
            }
        }
    }

    private static void awaitCommitted(CatalogIndex index, Map<String, Long> offsets) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!index.committedOffsets().equals(offsets)) {
            assertTrue(System.nanoTime() < deadline, "the scheduled commit did not come within 10 s");
            Thread.sleep(20);
        }
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    /** A named pipe {@code images/slow.png} under {@code dir}: reading it blocks until something is written to it. */
    private static Path namedPipe(Path dir) throws Exception {
        Path pipe = java.nio.file.Files.createDirectories(dir.resolve("images")).resolve("slow.png");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
        return pipe;
    }

    /** The record at offset 0 whose image is the named pipe {@code pipe}. */
    private static ConsumerRecord<String, byte[]> slowRecord(Path pipe) {
        return new ConsumerRecord<>("catalog-images", 1, 0L, "slow", CatalogPublisher.urlEvent("slow", pipe.toUri().toString(), Map.of()));
    }

    private static ImageFetcher filesUnder(Path root) throws java.io.IOException {
        return new ImageFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1), ImageLimits.DEFAULT.maxBytes(), Optional.of(root));
    }

    private static ImageFetcher fetcher() throws java.io.IOException {
        return new ImageFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1), ImageLimits.DEFAULT.maxBytes(), Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String id, byte[] png) {
        return new ConsumerRecord<>("catalog-images", 1, offset, id, CatalogPublisher.inlineEvent(id, png, Map.of()));
    }
}
