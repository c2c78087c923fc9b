package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier alone, on a real index, with changes made by the test: no images, no model, as
 * items read from another topic would reach it.
 */
class IndexApplierTest {

    private static final Duration EACH_PART = Duration.ZERO;

    @Test
    void partsAreAppliedInTheOrderQueuedEvenWhenALaterOneIsReadyFirst(@TempDir Path dir) throws Exception {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        try (CatalogIndex index = CatalogIndex.open(dir, 50);
             IndexApplier applier = new IndexApplier(index, letters -> { }, EACH_PART, 4)) {
            CompletableFuture<List<Change>> first = new CompletableFuture<>();
            var firstDone = applier.apply(Positions.of("items", 0, 2), () -> first);
            firstDone.thenRun(() -> done.add("first"));
            // Ready at once, queued second: it waits for the first.
            var secondDone = applier.apply(Positions.of("items", 0, 4),
                    () -> CompletableFuture.completedFuture(List.of(upsert("a", 2), new Change.Delete("b"))));
            // The test waits for the recording itself: a callback may still run after get() returns.
            var secondRecorded = secondDone.thenRun(() -> done.add("second"));

            first.complete(List.of(upsert("a", 1), upsert("b", 1)));
            BatchReport report = secondDone.get(30, TimeUnit.SECONDS);
            secondRecorded.get(30, TimeUnit.SECONDS);
            index.refresh();

            assertEquals(List.of("first", "second"), done);
            assertEquals(2, firstDone.get().upserted());
            assertEquals(1, report.upserted());
            assertEquals(1, report.deleted());
            assertEquals(Positions.of("items", 0, 4), report.offsets());
            assertEquals(2L, ((Number) index.get("a").orElseThrow().metadata().get("v")).longValue(), "the later upsert of a wins");
            assertTrue(index.get("b").isEmpty(), "b's delete came after its upsert");
            assertEquals(Positions.of("items", 0, 4), committed(index), "with no interval, each part is committed as it is applied");
            assertEquals(Positions.of("items", 0, 4), applier.committed());
        }
    }

    @Test
    void eachCommitKeepsTheEntriesOfTheStartingCommitThatAreNotPositions(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.commit(Map.of("model.name", "m", "offset:items-0", "3"));
            try (IndexApplier applier = new IndexApplier(index, letters -> { }, EACH_PART, 4)) {
                applier.apply(Positions.of("items", 0, 5), () -> CompletableFuture.completedFuture(List.of(upsert("a", 1)))).get(30, TimeUnit.SECONDS);
            }
            assertEquals(Map.of("model.name", "m", "offset:items-0", "5"), index.committedData());
        }
    }

    @Test
    void theDeadLettersOfAPartAreAcknowledgedBeforeItsPositionsPassThem(@TempDir Path dir) throws Exception {
        List<Positions> appliedAtPublish = new ArrayList<>();
        List<DeadLetter> published = new ArrayList<>();
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            IndexApplier[] self = new IndexApplier[1];
            try (IndexApplier applier = new IndexApplier(index, letters -> {
                appliedAtPublish.add(self[0].applied());
                published.addAll(letters);
            }, EACH_PART, 4)) {
                self[0] = applier;
                DeadLetter letter = new DeadLetter("x", new byte[] {1}, "items", 0, 5L, "MALFORMED_JSON", "not JSON");
                BatchReport report = applier.apply(Positions.of("items", 0, 6),
                        () -> CompletableFuture.completedFuture(List.of(upsert("a", 1), new Change.Reject(letter)))).get(30, TimeUnit.SECONDS);

                assertEquals(List.of(letter), published);
                assertEquals(List.of(letter), report.rejected());
                assertEquals(List.of(Positions.NONE), appliedAtPublish, "published while the positions were still before the part");
                assertEquals(Positions.of("items", 0, 6), committed(index));
            }
        }
    }

    @Test
    void aPartWhoseChangesCouldNotBeMadeStopsTheApplierAndEverythingQueuedAfterIt(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            IndexApplier applier = new IndexApplier(index, letters -> { }, Duration.ofHours(1), 4);
            try {
                applier.apply(Positions.of("items", 0, 1), () -> CompletableFuture.completedFuture(List.of(upsert("a", 1)))).get(30, TimeUnit.SECONDS);
                applier.commit();
                CompletableFuture<List<Change>> broken = new CompletableFuture<>();
                var brokenDone = applier.apply(Positions.of("items", 0, 2), () -> broken);
                var after = applier.apply(Positions.of("items", 0, 3), () -> CompletableFuture.completedFuture(List.of(upsert("c", 1))));
                IOException cause = new IOException("the model ran out of memory");
                broken.completeExceptionally(cause);

                ExecutionException failed = assertThrows(ExecutionException.class, () -> brokenDone.get(30, TimeUnit.SECONDS));
                assertSame(cause, failed.getCause());
                ExecutionException alsoFailed = assertThrows(ExecutionException.class, () -> after.get(30, TimeUnit.SECONDS));
                assertSame(cause, alsoFailed.getCause(), "the part queued after it fails with the same cause");
                assertSame(cause, applier.failure());
                IOException refused = assertThrows(IOException.class,
                        () -> applier.apply(Positions.of("items", 0, 4), () -> CompletableFuture.completedFuture(List.of())));
                assertSame(cause, refused.getCause());
                assertThrows(IOException.class, applier::commit, "nothing is committed after a failure");
            } finally {
                applier.close();
            }
            assertEquals(Positions.of("items", 0, 1), committed(index), "close does not commit after a failure either");
        }
    }

    @Test
    void closeCancelsAPartStillBeingMadeAndCommitsThePartsAppliedInFull(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            IndexApplier applier = new IndexApplier(index, letters -> { }, Duration.ofHours(1), 4);
            applier.apply(Positions.of("items", 1, 8), () -> CompletableFuture.completedFuture(List.of(upsert("a", 1)))).get(30, TimeUnit.SECONDS);
            CompletableFuture<List<Change>> never = new CompletableFuture<>();
            var cutShort = applier.apply(Positions.of("items", 1, 9), () -> never);

            applier.close();

            assertTrue(never.isCancelled(), "what the applier waited for is cancelled");
            assertThrows(Exception.class, () -> cutShort.get(30, TimeUnit.SECONDS));
            assertEquals(Positions.of("items", 1, 8), committed(index), "committed at close, up to the last part applied in full");
            assertThrows(IOException.class, () -> applier.apply(Positions.NONE, () -> CompletableFuture.completedFuture(List.of())));
        }
    }

    @Test
    void itResumesFromThePositionsOfTheIndexsLastCommitAndNeverMovesThemBack(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.commit(Positions.of("items", 0, 10).toCommitData());
            try (IndexApplier applier = new IndexApplier(index, letters -> { }, EACH_PART, 4)) {
                assertEquals(Positions.of("items", 0, 10), applier.committed());
                // Records re-consumed from before the applied positions (after a rebalance, say) are applied, but do not move them back.
                BatchReport report = applier.apply(Positions.of(Map.of(new org.apache.kafka.common.TopicPartition("items", 0), 7L,
                        new org.apache.kafka.common.TopicPartition("items", 1), 3L)), () -> CompletableFuture.completedFuture(List.of(upsert("a", 1))))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(Positions.of("items", 0, 10).advance(new org.apache.kafka.common.TopicPartition("items", 1), 3), report.offsets());
            }
        }
    }

    private static Change upsert(String id, int version) {
        return new Change.Upsert(new CatalogItem(id, new float[] {1, version, 0.5f}, null, Map.of("v", version)));
    }

    private static Positions committed(CatalogIndex index) throws IOException {
        return Positions.fromCommitData(index.committedData());
    }
}
