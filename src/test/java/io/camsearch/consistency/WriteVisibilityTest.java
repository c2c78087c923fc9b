package io.camsearch.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.client.WriteToken;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.HeldItem;
import io.camsearch.index.SourceVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read your writes on a real Lucene directory: which index states show which writes, and waits
 * completed by the index's refreshes (an hour apart on their own here, so that only the test's
 * refreshes count) or failed when their bound passes.
 */
class WriteVisibilityTest {

    private static final long NO_SCHEDULED_REFRESH = 3_600_000;
    private static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void anUpsertIsShownByItsItemAtItsVersionOrALaterOneOfItsPartition() {
        WriteToken write = WriteToken.upsert("a", 1, 10);
        assertTrue(WriteVisibility.shows(held(1, 10), write), "the write itself");
        assertTrue(WriteVisibility.shows(held(1, 11), write), "a later write of the item");
        assertFalse(WriteVisibility.shows(held(1, 9), write), "an earlier write");
        assertFalse(WriteVisibility.shows(held(0, 99), write), "a version of another partition has no order with it");
        assertFalse(WriteVisibility.shows(HeldItem.ABSENT, write), "not applied yet");
        assertFalse(WriteVisibility.shows(new HeldItem(true, null), write), "an item indexed before versions were stored");
    }

    @Test
    void aTombstoneIsShownByTheItemsAbsenceOrByALaterVersion() {
        WriteToken write = WriteToken.delete("a", 1, 10);
        assertTrue(WriteVisibility.shows(HeldItem.ABSENT, write));
        assertTrue(WriteVisibility.shows(held(1, 12), write), "made again since");
        assertFalse(WriteVisibility.shows(held(1, 9), write), "still the version before the delete");
        assertFalse(WriteVisibility.shows(new HeldItem(true, null), write), "an item of unknown version is not deleted yet");
    }

    @Test
    void writesTheIndexAlreadyShowsCompleteTheWaitAtOnce(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, NO_SCHEDULED_REFRESH); WriteVisibility visibility = new WriteVisibility(index)) {
            index.upsert(List.of(item("a", 0, 5)));
            index.refresh();

            CompletableFuture<Void> seen = visibility.await(List.of(WriteToken.upsert("a", 0, 5), WriteToken.delete("gone", 1, 3)), LONG);

            assertTrue(seen.isDone() && !seen.isCompletedExceptionally());
            assertEquals(0, visibility.waiting());
        }
    }

    @Test
    void aWaitCompletesAtTheRefreshThatShowsTheLastOfItsWrites(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, NO_SCHEDULED_REFRESH); WriteVisibility visibility = new WriteVisibility(index)) {
            index.upsert(List.of(item("b", 1, 2)));
            index.refresh();
            CompletableFuture<Void> seen = visibility.await(List.of(WriteToken.upsert("a", 0, 5), WriteToken.delete("b", 1, 4)), LONG);
            assertFalse(seen.isDone());
            assertEquals(1, visibility.waiting());

            index.upsert(List.of(item("a", 0, 5)));
            index.refresh();
            assertFalse(seen.isDone(), "the delete of b is not applied yet");

            index.delete("b");
            assertFalse(seen.isDone(), "written but not refreshed: searches do not see it yet");
            index.refresh();

            assertNull(seen.get(10, TimeUnit.SECONDS));
            assertEquals(0, visibility.waiting());
        }
    }

    @Test
    void aWaitWhoseBoundPassesFailsNamingHowManyWritesAreNotShown(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, NO_SCHEDULED_REFRESH); WriteVisibility visibility = new WriteVisibility(index)) {
            index.upsert(List.of(item("a", 0, 5)));
            index.refresh();
            long start = System.nanoTime();
            CompletableFuture<Void> seen = visibility.await(
                    List.of(WriteToken.upsert("a", 0, 5), WriteToken.upsert("a", 0, 6), WriteToken.upsert("never", 0, 1_000_000)), Duration.ofMillis(300));

            ExecutionException failed = assertThrows(ExecutionException.class, () -> seen.get(30, TimeUnit.SECONDS));
            WritesNotVisibleException notVisible = assertInstanceOf(WritesNotVisibleException.class, failed.getCause());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "not before its bound");
            assertEquals(2, notVisible.unseen());
            assertEquals(3, notVisible.writes());
            assertEquals("2 of the 3 writes this search waited for are not yet applied on this replica after 300 ms", notVisible.getMessage());
            assertEquals(0, visibility.waiting());
        }
    }

    @Test
    void aZeroWaitChecksOnceAndFailsAtOnce(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, NO_SCHEDULED_REFRESH); WriteVisibility visibility = new WriteVisibility(index)) {
            CompletableFuture<Void> seen = visibility.await(List.of(WriteToken.upsert("a", 0, 5)), Duration.ZERO);

            assertTrue(seen.isCompletedExceptionally());
            assertEquals(0, visibility.waiting());
        }
    }

    @Test
    void aWriteOnceShownStaysCountedWhenALaterWriteHidesIt(@TempDir Path dir) throws Exception {
        try (CatalogIndex index = CatalogIndex.open(dir, NO_SCHEDULED_REFRESH); WriteVisibility visibility = new WriteVisibility(index)) {
            CompletableFuture<Void> seen = visibility.await(List.of(WriteToken.upsert("a", 0, 5), WriteToken.upsert("b", 0, 6)), LONG);
            index.upsert(List.of(item("a", 0, 5)));
            index.refresh();
            index.delete("a");
            index.upsert(List.of(item("b", 0, 6)));
            index.refresh();

            assertNull(seen.get(10, TimeUnit.SECONDS), "a was shown at the first refresh; b at the second");
        }
    }

    private static HeldItem held(int partition, long offset) {
        return new HeldItem(true, new SourceVersion(partition, offset));
    }

    private static CatalogItem item(String id, int partition, long offset) {
        return new CatalogItem(id, new float[] {1, 0, 0, 0}, null, Map.of()).withSource(new SourceVersion(partition, offset));
    }
}
