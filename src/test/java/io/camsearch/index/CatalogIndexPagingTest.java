package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.CamBasis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging the catalog in id order on a real Lucene directory: a cursor walk while items are added,
 * updated and deleted between its steps, offset pages, and indexes written before the sort key.
 */
class CatalogIndexPagingTest {

    private static final int DIM = 8;
    private static final int PAGE = 13;

    @TempDir
    Path dir;

    /**
     * The walk's contract, checked step by step against a model of the live ids: each page is the
     * first {@value #PAGE} live ids after the cursor, as the index is when that page is read. Hence
     * every item present for the whole walk is seen exactly once, an item deleted before its page is
     * never seen, an item added after the cursor is seen once and one added before it never, and an
     * item updated after it was seen is not seen again.
     */
    @Test
    void aCursorWalkSeesEveryItemPresentThroughoutExactlyOnceWhileItemsAreAddedUpdatedAndDeleted() throws IOException {
        Random random = new Random(42);
        NavigableSet<String> live = new TreeSet<>();
        List<CatalogItem> initial = new ArrayList<>();
        for (int i = 0; i < 300; i += 2) {
            initial.add(item(i, random));
            live.add(id(i));
        }
        Set<String> deleted = new HashSet<>();
        Set<String> addedAfterCursor = new HashSet<>();
        Set<String> addedBeforeCursor = new HashSet<>();
        List<String> seen = new ArrayList<>();
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000)) {
            index.upsert(initial);
            index.refresh();
            String cursor = null;
            int pages = 0;
            while (true) {
                CatalogIndex.Page page = index.pageAfter(MetadataFilter.NONE, cursor, PAGE);
                List<String> ids = ids(page);
                NavigableSet<String> after = cursor == null ? live : live.tailSet(cursor, false);
                assertEquals(after.stream().limit(PAGE).toList(), ids, "page " + pages + " after " + cursor);
                assertEquals(live.size(), page.total(), "the total counts the live items");
                assertEquals(after.size() > PAGE, page.more(), "more follows exactly when live ids remain after the page");
                seen.addAll(ids);
                pages++;
                if (!page.more()) {
                    break;
                }
                cursor = ids.getLast();
                // Between pages: delete an initial item (seen or not), add one odd id, update one seen item.
                String victim = initial.get(random.nextInt(initial.size())).id();
                if (live.remove(victim)) {
                    index.delete(victim);
                    deleted.add(victim);
                }
                int odd = 2 * random.nextInt(150) + 1;
                if (live.add(id(odd))) {
                    index.upsert(List.of(item(odd, random)));
                    (id(odd).compareTo(cursor) > 0 ? addedAfterCursor : addedBeforeCursor).add(id(odd));
                }
                String updated = seen.get(random.nextInt(seen.size()));
                if (live.contains(updated)) {
                    index.upsert(List.of(item(Integer.parseInt(updated.substring(2)), random)));
                }
                index.refresh();
            }
            assertTrue(pages > 10, "the walk took " + pages + " pages");
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(seen));
        assertEquals(sorted, seen, "ids come in strictly increasing order: none twice");
        for (CatalogItem item : initial) {
            if (!deleted.contains(item.id())) {
                assertTrue(seen.contains(item.id()), item.id() + " was present throughout and seen");
            }
        }
        assertFalse(deleted.isEmpty() || addedAfterCursor.isEmpty() || addedBeforeCursor.isEmpty(), "the walk exercised every change");
        assertTrue(seen.containsAll(addedAfterCursor), "items added after the cursor are seen");
        assertTrue(addedBeforeCursor.stream().noneMatch(seen::contains), "items added before the cursor are not");
    }

    @Test
    void theCursorsItemUpdatedIsNotSeenAgainADeletedOneNotAtAllAndAFilteredWalkKeepsTheFilter() throws IOException {
        Random random = new Random(7);
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000)) {
            List<CatalogItem> items = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                items.add(item(i, random));
            }
            index.upsert(items);
            index.refresh();
            MetadataFilter even = MetadataFilter.term("parity", "even");
            CatalogIndex.Page first = index.pageAfter(even, null, 5);
            assertEquals(List.of(id(0), id(2), id(4), id(6), id(8)), ids(first));
            assertEquals(20, first.total());
            index.delete(id(10));
            index.upsert(List.of(item(8, random))); // the cursor's own item, updated: a newer document with the same key
            index.refresh();
            CatalogIndex.Page second = index.pageAfter(even, id(8), 5);
            assertEquals(List.of(id(12), id(14), id(16), id(18), id(20)), ids(second));
            assertEquals(19, second.total());
            CatalogIndex.Page last = index.pageAfter(even, id(36), 5);
            assertEquals(List.of(id(38)), ids(last));
            assertFalse(last.more());
            assertEquals(List.of(), index.pageAfter(even, id(38), 5).items(), "a cursor past the last item gives an empty page");
            assertEquals(List.of(id(0)), ids(index.pageAfter(MetadataFilter.NONE, "a", 1)),
                    "a cursor need not name an item: paging starts after its place in id order");
        }
    }

    @Test
    void offsetPagesAreTheSameIdOrderAsTheCursorWalk() throws IOException {
        Random random = new Random(3);
        List<CatalogItem> items = new ArrayList<>();
        for (int i = 99; i >= 0; i--) {
            items.add(item(i, random));
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 60_000)) {
            index.upsert(items);
            index.refresh();
            CatalogIndex.Page page = index.pageAt(MetadataFilter.NONE, 26, 13);
            assertEquals(java.util.stream.IntStream.range(26, 39).mapToObj(CatalogIndexPagingTest::id).toList(),
                    ids(page));
            assertTrue(page.more());
            assertEquals(ids(page), ids(index.pageAfter(MetadataFilter.NONE, id(25), 13)));
            CatalogIndex.Page end = index.pageAt(MetadataFilter.NONE, 95, 13);
            assertEquals(5, end.items().size());
            assertFalse(end.more());
            assertEquals(List.of(), index.pageAt(MetadataFilter.NONE, 100, 13).items());
            assertEquals(100, end.total());
        }
    }

    /** An index written before the sort key existed: reopened, its items are rewritten with it, intact, and page in id order. */
    @Test
    void anIndexWrittenBeforeTheSortKeyPagesAfterReopeningWithItsItemsAndOffsetsIntact() throws IOException {
        Random random = new Random(11);
        List<CatalogItem> items = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            items.add(item(i, random));
        }
        try (Directory directory = FSDirectory.open(dir);
                IndexWriter old = new IndexWriter(directory, new IndexWriterConfig().setCodec(new CatalogCodec(HnswSettings.DEFAULT, null)))) {
            for (CatalogItem item : items) {
                Document doc = CatalogFields.toDocument(item, null);
                doc.removeField(CatalogFields.ID_SORT);
                old.addDocument(doc);
            }
            old.setLiveCommitData(Map.of("offset:catalog-images-0", "30").entrySet());
            old.commit();
        }
        for (int reopen = 0; reopen < 2; reopen++) { // closing does not commit: the second open rewrites again
            try (CatalogIndex index = CatalogIndex.open(dir, 60_000)) {
                CatalogIndex.Page page = index.pageAfter(MetadataFilter.NONE, null, 100);
                assertEquals(java.util.stream.IntStream.range(0, 30).mapToObj(CatalogIndexPagingTest::id).toList(),
                        ids(page));
                assertEquals(30, index.size(), "rewritten in place, not added twice");
                CatalogItem seven = items.get(29 - 7);
                assertArrayEquals(seven.embedding(), index.get(id(7)).orElseThrow().embedding(), 0f);
                assertEquals(seven.metadata(), index.get(id(7)).orElseThrow().metadata());
                assertEquals(Map.of("offset:catalog-images-0", "30"), index.committedData());
            }
        }
    }

    private static List<String> ids(CatalogIndex.Page page) {
        return page.items().stream().map(CatalogItem::id).toList();
    }

    /** Zero-padded, so that id order is number order. */
    private static String id(int n) {
        return String.format("p-%04d", n);
    }

    private static CatalogItem item(int n, Random random) {
        float[] embedding = new float[DIM];
        for (int x = 0; x < DIM; x++) {
            embedding[x] = (float) random.nextGaussian();
        }
        float[] basis = new float[DIM * 2 * 2];
        for (int x = 0; x < basis.length; x++) {
            basis[x] = (float) random.nextGaussian();
        }
        return new CatalogItem(id(n), embedding, new CamBasis(DIM, 2, 2, basis), Map.of("parity", n % 2 == 0 ? "even" : "odd"));
    }
}
