package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static io.camsearch.ingest.TestIngestSettings.small;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.index.CatalogIndex;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.service.ServiceDefaults;
import io.camsearch.source.ImageFetcher;
import io.camsearch.support.CatalogImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
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
                 CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, letters::addAll, small().build())) {
                BatchReport report = ingestor.apply(List.of(new ConsumerRecord<>("catalog-images", 0, 7L, "zero",
                        CatalogPublisher.inlineEvent("zero", CatalogImages.png(0, 0), Map.of()))));
                index.refresh();
                assertEquals(0, report.upserted());
                assertEquals(List.of("EMBEDDING_INVALID"), letters.stream().map(DeadLetter::reason).toList());
                assertTrue(letters.get(0).detail().contains("'zero'"), letters.get(0).detail());
                assertEquals(0, index.size());
                assertEquals(Positions.of("catalog-images", 0, 8L), committed(index));
            }
        }
    }

    @Test
    void withACommitIntervalABatchIsSearchableAtOnceAndCommittedWithItsOffsetsByTheScheduleOrAtClose(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
                // An interval no test run reaches: only close() can commit.
                CatalogIngestor slow = ingestor(fetcher(), explainer, index, letters -> { }, small().commitInterval(Duration.ofHours(1)).build());
                slow.apply(List.of(record(41L, "a", CatalogImages.png(1, 1))));
                index.refresh();
                assertEquals(1, index.size(), "searchable before its commit");
                assertEquals(Positions.NONE, committed(index), "not committed within the interval");
                assertEquals(Positions.NONE, slow.positions(), "positions are the committed ones");
                slow.close();
                assertEquals(Positions.of("catalog-images", 1, 42L), committed(index), "closing commits what was applied");

                CatalogIngestor fast = ingestor(fetcher(), explainer, index, letters -> { }, small().commitInterval(Duration.ofMillis(200)).build());
                fast.apply(List.of(record(42L, "b", CatalogImages.png(2, 1))));
                awaitCommitted(index, Positions.of("catalog-images", 1, 43L));
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
                 CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, letters::addAll, small().modelBatch(2).build())) {
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
                assertEquals(Positions.of("catalog-images", 1, 8L), committed(index));
            }
        }
    }

    @Test
    void batchesSubmittedBackToBackOverlapAndStillEndInRecordOrder(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, letters -> { }, small().modelBatch(2).build())) {
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
                assertEquals(Positions.of("catalog-images", 1, 5L), firstReport.offsets());
                assertEquals(2, secondReport.upserted());
                assertEquals(2, secondReport.deleted());
                assertEquals(Positions.of("catalog-images", 1, 9L), secondReport.offsets());
                assertEquals(3, index.size(), "a, b and d; c was deleted");
                assertTrue(index.get("c").isEmpty());
                assertTrue(distance(index.get("a").orElseThrow().embedding(), explainer.analyze(CatalogImages.png(7, 2)).features().embedding()) < 1e-4,
                        "a is its last image, upserted after the delete in the second batch");
                assertTrue(distance(index.get("b").orElseThrow().embedding(), explainer.analyze(CatalogImages.png(6, 2)).features().embedding()) < 1e-4);
                assertEquals(Positions.of("catalog-images", 1, 9L), committed(index));
            }
        }
    }

    @Test
    void aFullPipelineHoldsTheSubmitterBackUntilTheModelCatchesUp(@TempDir Path dir) throws Exception {
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            // The first image is held by the server: its record cannot be prepared until the test releases it.
            // (It was a named pipe, which the fetcher now refuses without opening it.)
            HeldImage held = new HeldImage(CatalogImages.png(11, 3));
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newSingleThreadExecutor();
            try (held; CatalogIndex index = CatalogIndex.open(dir.resolve("index"), 50);
                 // Chunks of one record; one model worker: room for three chunks waiting, one being applied.
                 CatalogIngestor ingestor = ingestor(PATIENT, explainer, index, letters -> { }, small().modelBatch(1).modelWorkers(1).build())) {
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                records.add(held.record());
                for (int i = 1; i < 10; i++) {
                    records.add(record(i, "item-" + i, CatalogImages.png(i, 3)));
                }
                var submitted = threads.submit(() -> ingestor.submit(records));
                // Ten chunks do not fit while the first cannot be prepared.
                await("the submitter held back").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !submitted.isDone());

                held.release();
                BatchReport report = submitted.get(30, java.util.concurrent.TimeUnit.SECONDS).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(10, report.upserted());
                assertEquals(Positions.of("catalog-images", 1, 10L), committed(index));
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
        java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/slow.png", exchange -> {
            requested.countDown();
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
            List<DeadLetter> letters = java.util.Collections.synchronizedList(new ArrayList<>());
            try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
                CatalogIngestor ingestor = ingestor(PATIENT, explainer, index, letters::addAll, small().build());
                ingestor.apply(List.of(record(0L, "before", CatalogImages.png(1, 4))));
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow.png";
                var batch = ingestor.submit(List.of(new ConsumerRecord<>("catalog-images", 1, 1L, "slow", CatalogPublisher.urlEvent("slow", url, Map.of()))));
                assertTrue(requested.await(30, java.util.concurrent.TimeUnit.SECONDS), "the download has started and waits for the server");
                ingestor.close();

                // Failed (its model thread interrupted) or cancelled (embedded after close began).
                Exception cutShort = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> batch.get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(cutShort instanceof java.util.concurrent.ExecutionException || cutShort instanceof java.util.concurrent.CancellationException,
                        cutShort.toString());
                assertEquals(List.of(), letters, "an interrupted download is not the event's fault");
                assertEquals(Positions.of("catalog-images", 1, 1L), committed(index), "consumed again after a restart");
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
            CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, letters -> { }, small().commitInterval(Duration.ofMillis(100)).build());
            try {
                ingestor.apply(List.of(record(0L, "a", CatalogImages.png(1, 5))));
                awaitCommitted(index, Positions.of("catalog-images", 1, 1L));

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
                assertEquals(Positions.of("catalog-images", 1, 1L), ingestor.positions(), "the positions stay at the last good commit");
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
                CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, brokerDown, small().commitInterval(Duration.ofMillis(50)).build());
                ingestor.apply(List.of(record(0L, "a", CatalogImages.png(1, 1))));
                awaitCommitted(index, Positions.of("catalog-images", 1, 1L));

                // A good image and a corrupt one, whose dead letter the broker does not take.
                java.io.IOException failed = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ingestor.apply(List.of(
                        record(1L, "b", CatalogImages.png(2, 1)), record(2L, "x", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}))));
                assertTrue(failed.getMessage().contains("acknowledge"), failed.getMessage());
                await("six commit intervals").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                        .until(() -> committed(index), Positions.of("catalog-images", 1, 1L)::equals);
                java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> ingestor.apply(List.of(record(3L, "c", CatalogImages.png(3, 1)))));
                assertTrue(refused.getMessage().contains("earlier batch"), refused.getMessage());
                ingestor.close();

                assertEquals(Positions.of("catalog-images", 1, 1L), committed(index), "neither the schedule nor close committed the failed batch");
                assertEquals(Positions.of("catalog-images", 1, 1L), ingestor.positions());
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
            // The first image is held by the server: the only fetch thread is busy while the other
            // two records wait in its queue.
            HeldImage held = new HeldImage(CatalogImages.png(3, 1));
            // Threads of its own: the common pool has a single thread on a 2-core machine.
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try (held; CatalogIndex index = CatalogIndex.open(dir.resolve("index"), 50)) {
                CatalogIngestor ingestor = ingestor(PATIENT, explainer, index, letters -> { }, small().fetchThreads(1).concurrentFetches(1).build());
                java.util.concurrent.CompletableFuture<BatchReport> batch = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ingestor.apply(List.of(
                                held.record(),
                                record(1L, "a", CatalogImages.png(1, 1)), record(2L, "b", CatalogImages.png(2, 1))));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, threads);
                held.awaitRequest(); // the only fetch thread is busy with it
                java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(ingestor::close, threads);
                Thread.sleep(300);
                held.release(); // the first image arrives after close began

                // On other threads, so that a regression fails here (a timeout) instead of hanging the suite.
                closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
                java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> batch.get(30, java.util.concurrent.TimeUnit.SECONDS));
                // Cancelled while waiting for its images, or interrupted while its model thread waited for them.
                assertTrue(failed.getCause() instanceof java.util.concurrent.CancellationException
                        || failed.getCause() instanceof java.io.UncheckedIOException, failed.getCause().toString());
                assertEquals(Positions.NONE, committed(index), "the batch close cut short is not committed");
            } finally {
                threads.shutdownNow(); // not close(): after a regression it would wait for the stuck batch forever
            }
        }
    }

    @Test
    void eightUrlsThatNeverAnswerCostOneFetchTimeoutNotEight(@TempDir Path dir) throws Exception {
        // One decode thread, as before the fix one fetch thread: eight stalled URLs took eight timeouts.
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR);
             HeldImage never = new HeldImage(CatalogImages.png(1, 7))) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            List<DeadLetter> letters = java.util.Collections.synchronizedList(new ArrayList<>());
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, letters::addAll, small().fetchThreads(1).modelWorkers(1).build())) {
                String url = "http://127.0.0.1:" + never.port() + "/held.png";
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    records.add(new ConsumerRecord<>("catalog-images", 1, i, "never-" + i, CatalogPublisher.urlEvent("never-" + i, url, Map.of())));
                }
                long start = System.nanoTime();
                BatchReport report = ingestor.apply(records);
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertEquals(8, report.rejected().size());
                assertTrue(letters.stream().allMatch(l -> l.reason().equals("URL_UNREACHABLE")), letters.toString());
                // One 1 s timeout, side by side; one at a time they took 8 s.
                assertTrue(millis < 4_000, "eight stalled URLs took " + millis + " ms");
            }
        }
    }

    @Test
    void deadLettersAndTheirLogLinesCarryNoSecretsOfTheUrlAndNoForgedLines(@TempDir Path dir) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String secretUrl = "http://user:s3cr3t@127.0.0.1:" + closedPort + "/x.png?token=SECRET";
        String forgingKey = "evil\n2026-12-03 12:00:00,000 ERROR [io.camsearch] forged line";
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(IndexApplier.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (BlockEmbeddingModel model = DemoNetwork.create(HeadKind.GAP_LINEAR)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            List<DeadLetter> letters = java.util.Collections.synchronizedList(new ArrayList<>());
            try (CatalogIndex index = CatalogIndex.open(dir, 50);
                 CatalogIngestor ingestor = ingestor(fetcher(), explainer, index, letters::addAll, small().build())) {
                ingestor.apply(List.of(
                        new ConsumerRecord<>("catalog-images", 1, 0L, "secret", CatalogPublisher.urlEvent("secret", secretUrl, Map.of())),
                        new ConsumerRecord<>("catalog-images", 1, 1L, forgingKey, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
            assertEquals("image URL http://127.0.0.1:" + closedPort + "/x.png?… could not be fetched", letters.get(0).detail());
            assertEquals(forgingKey, letters.get(1).key(), "the dead letter keeps the original key");
        } finally {
            logger.removeHandler(capture);
        }
        List<String> lines = logged.stream().flatMap(String::lines).toList();
        assertEquals(2, lines.size(), "one line per dead letter, none forged: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains("s3cr3t") || l.contains("SECRET")), lines.toString());
        assertTrue(lines.get(1).contains("(key evil\\n2026-12-03 12:00:00,000 ERROR [io.camsearch] forged line)"), lines.get(1));
    }

    private static void awaitCommitted(CatalogIndex index, Positions positions) {
        await("the scheduled commit").atMost(Duration.ofSeconds(10)).until(() -> committed(index), positions::equals);
    }

    static Positions committed(CatalogIndex index) throws java.io.IOException {
        return Positions.fromCommitData(index.committedData());
    }

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    private static CatalogIngestor ingestor(ImageFetcher fetcher, ImageExplainer explainer, CatalogIndex index, DeadLetterSink letters,
                                            IngestSettings settings) throws java.io.IOException {
        return new CatalogIngestor(fetcher, DECODER, new ModelEmbedder(explainer, 1), index, letters, settings);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    /** An image on a loopback server that answers only when released; its record is at offset 0. */
    private static final class HeldImage implements AutoCloseable {
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);
        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newCachedThreadPool();

        HeldImage(byte[] png) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(handlers);
            server.createContext("/held.png", exchange -> {
                requested.countDown();
                try {
                    released.await();
                    exchange.sendResponseHeaders(200, png.length);
                    exchange.getResponseBody().write(png);
                } catch (InterruptedException | java.io.IOException e) {
                    // stopped, or the client gave up
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        ConsumerRecord<String, byte[]> record() {
            String url = "http://127.0.0.1:" + port() + "/held.png";
            return new ConsumerRecord<>("catalog-images", 1, 0L, "slow", CatalogPublisher.urlEvent("slow", url, Map.of()));
        }

        void release() {
            released.countDown();
        }

        /** Waits until the image has been asked for. */
        void awaitRequest() throws InterruptedException {
            assertTrue(requested.await(30, java.util.concurrent.TimeUnit.SECONDS), "the held image was not requested within 30 s");
        }

        @Override
        public void close() {
            release();
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    /** Fetches from loopback servers within 1 s; no {@code file:} URLs. */
    private static final ImageFetcher FETCHER = fetcher(Duration.ofSeconds(1));
    /** The same with time to wait for a held image. */
    private static final ImageFetcher PATIENT = fetcher(Duration.ofSeconds(30));

    private static ImageFetcher fetcher(Duration timeout) {
        try {
            return ImageFetcher.standalone(ServiceDefaults.source().withTimeouts(timeout, timeout).withPrivateNetworks());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ImageFetcher fetcher() {
        return FETCHER;
    }

    @AfterAll
    static void closeFetchers() {
        FETCHER.close();
        PATIENT.close();
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String id, byte[] png) {
        return new ConsumerRecord<>("catalog-images", 1, offset, id, CatalogPublisher.inlineEvent(id, png, Map.of()));
    }
}
