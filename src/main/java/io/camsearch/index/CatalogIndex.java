package io.camsearch.index;

import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.cam.Vectors;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NIOFSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The catalog in a Lucene directory: HNSW vectors for search, stored fields for everything a hit
 * shows, upsert and delete by id.
 *
 * <p>Durability: a commit carries its writer's data, such as the Kafka offsets of the events it
 * includes ({@link #commit(Map)}), and nothing else ever commits (not even closing the index), so
 * after any crash the index and its recorded data agree, and consumption resumes from what
 * {@link #committedData()} records without losing or re-applying an event. Visibility: a background thread
 * refreshes the searcher every {@code refreshMillis}, so a written item becomes searchable
 * within about that long, and queries never pay for a refresh.
 */
public final class CatalogIndex implements Closeable {

    private static final long REFRESH_FINISH_SECONDS = 30;
    private static final System.Logger LOG = System.getLogger(CatalogIndex.class.getName());
    /** The name segments record for a graph of float vectors ({@link VectorQuantization#NONE}). */
    private static final String FLOAT_FORMAT = new Lucene99HnswVectorsFormat().getName();

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService refresher;
    /** Runs the concurrent HNSW graph merges ({@link HnswSettings#mergeWorkers()}); null for one worker. */
    private final ThreadPoolExecutor mergeWorkers;
    private final HnswSettings hnsw;
    /** The model's shared M, with which items store their feature maps ({@link StoredExplanation}); null: bases as BasisCodec. */
    private final SharedGradient gradient;

    private CatalogIndex(Directory directory, IndexWriter writer, SearcherManager searchers, long refreshMillis, HnswSettings hnsw,
                         SharedGradient gradient, ThreadPoolExecutor mergeWorkers) {
        this.hnsw = hnsw;
        this.mergeWorkers = mergeWorkers;
        this.gradient = gradient;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("catalog-index-refresh").factory());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    /** GraalVM sets this property while building a native image and in one (its ImageInfo reads it too). */
    private static final boolean NATIVE_IMAGE = System.getProperty("org.graalvm.nativeimage.imagecode") != null;

    /**
     * On the JVM, Lucene's default ({@link FSDirectory#open}: memory-mapped through the JDK's foreign
     * memory API). In a native image, {@link NIOFSDirectory}, which needs file channels only: Lucene's
     * memory-mapped inputs are not known to work there. Untested in a native image (no GraalVM on the
     * machines this project builds on); the same files either way.
     */
    static Directory directory(Path path, boolean nativeImage) throws IOException {
        return nativeImage ? new NIOFSDirectory(path) : FSDirectory.open(path);
    }

    /** Opens (or creates) the index in {@code path} with {@link HnswSettings#DEFAULT}. */
    public static CatalogIndex open(Path path, long refreshMillis) throws IOException {
        return open(path, refreshMillis, HnswSettings.DEFAULT);
    }

    /**
     * Opens (or creates) the index in {@code path}; {@code hnsw} shapes the graphs written from now
     * on and every search.
     */
    public static CatalogIndex open(Path path, long refreshMillis, HnswSettings hnsw) throws IOException {
        return open(path, refreshMillis, hnsw, null);
    }

    /**
     * Opens (or creates) the index in {@code path}; items of a pool -> linear head store their sparse
     * feature map and are read back through {@code gradient}, the model's shared M (null for another
     * head: every item stores its basis, {@link StoredExplanation}).
     */
    public static CatalogIndex open(Path path, long refreshMillis, HnswSettings hnsw, SharedGradient gradient) throws IOException {
        Directory directory = directory(path, NATIVE_IMAGE);
        ThreadPoolExecutor mergeWorkers = hnsw.mergeWorkers() == 1 ? null : mergeWorkers(hnsw.mergeWorkers());
        try {
            IndexWriterConfig config = new IndexWriterConfig().setCodec(new CatalogCodec(hnsw, mergeWorkers)).setCommitOnClose(false);
            IndexWriter writer = new IndexWriter(directory, config);
            addMissingSortKeys(writer, gradient);
            return new CatalogIndex(directory, writer, new SearcherManager(writer, null), refreshMillis, hnsw, gradient, mergeWorkers);
        } catch (IOException | RuntimeException e) {
            if (mergeWorkers != null) {
                mergeWorkers.shutdown();
            }
            throw e;
        }
    }

    /**
     * The threads of the concurrent graph merges, shared by every merge of this index: Lucene's
     * merger runs one of its {@code workers} tasks on the merge's own thread and hands the other
     * {@code workers - 1} to this pool (a task the pool has not started, the merge thread runs
     * itself), so two merges at once share the pool and none waits for it.
     */
    private static ThreadPoolExecutor mergeWorkers(int workers) {
        assert workers > 1 : workers;
        return (ThreadPoolExecutor) Executors.newFixedThreadPool(workers - 1, Thread.ofPlatform().daemon().name("catalog-index-merge-", 1).factory());
    }

    /** Adds or replaces items by id: applying the same item twice leaves one copy. */
    public void upsert(List<CatalogItem> items) throws IOException {
        for (CatalogItem item : items) {
            writer.updateDocument(new Term(CatalogFields.ID, item.id()), CatalogFields.toDocument(item, gradient));
        }
    }

    /** Deletes an item by id; deleting an absent id changes nothing. */
    public void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(CatalogFields.ID, id));
    }

    /**
     * Makes everything written so far durable, together with {@code data} (ingestion's positions:
     * the offsets of the events it includes), in one Lucene commit: both or neither survive a crash.
     */
    public void commit(Map<String, String> data) throws IOException {
        writer.setLiveCommitData(Map.copyOf(data).entrySet());
        writer.commit();
    }

    /**
     * Waits until the background merges (which rebuild HNSW graphs of merged segments) have
     * finished, so that measurements see the settled index rather than one being merged.
     */
    public void awaitMerges() throws IOException {
        try {
            while (writer.hasPendingMerges() || !writer.getMergingSegments().isEmpty()) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for index merges");
        }
    }

    /** The data recorded by the last commit on disk; empty for a new index. */
    public Map<String, String> committedData() throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            return Map.of();
        }
        return Map.copyOf(SegmentInfos.readLatestCommit(directory).getUserData());
    }

    /** Makes everything written so far visible to searches now, rather than at the next scheduled refresh. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** The k items nearest to {@code query} (cosine) among those the filter allows. */
    public List<Hit> search(float[] query, int k, MetadataFilter filter) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        return searchAll(List.of(query), k, filter).get(0);
    }

    /**
     * For each query in order, the k items nearest to it among those the filter allows: the same
     * answers as {@link #search} one at a time, on one searcher (one point-in-time view of the
     * catalog, acquired once) and one parsed filter.
     */
    public List<List<Hit>> searchAll(List<float[]> queries, int k, MetadataFilter filter) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Query filterQuery = filter.isEmpty() ? null : filter.toQuery();
        IndexSearcher searcher = searchers.acquire();
        try {
            boolean rescore = needsRescoring(searcher);
            var stored = searcher.storedFields();
            List<List<Hit>> answers = new ArrayList<>(queries.size());
            for (float[] query : queries) {
                TopDocs top = searcher.search(nearest(rescore, Vectors.normalized(query), k, filterQuery), k);
                List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc scoreDoc : top.scoreDocs) {
                    hits.add(new Hit(CatalogFields.read(searcher.getIndexReader(), stored, scoreDoc.doc, gradient), cosine(scoreDoc)));
                }
                answers.add(hits);
            }
            return answers;
        } finally {
            searchers.release(searcher);
        }
    }

    /** An item's id and its cosine to a query. */
    public record NearestId(String id, double cosine) {}

    /**
     * The ids of the k items nearest to {@code query} among those the filter allows, as {@link
     * #search} finds them, without reading the hits' stored fields (embedding, metadata, basis):
     * the index's own cost, which bench-index compares with other vector indexes.
     */
    public List<NearestId> nearestIds(float[] query, int k, MetadataFilter filter) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(nearest(needsRescoring(searcher), Vectors.normalized(query), k, filter.isEmpty() ? null : filter.toQuery()), k);
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            List<NearestId> ids = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(scoreDoc.doc, leaves));
                SortedDocValues sortKeys = leaf.reader().getSortedDocValues(CatalogFields.ID_SORT);
                boolean found = sortKeys != null && sortKeys.advanceExact(scoreDoc.doc - leaf.docBase);
                assert found : "every document has its id as a sort key (added to older ones at open)";
                ids.add(new NearestId(sortKeys.lookupOrd(sortKeys.ordValue()).utf8ToString(), cosine(scoreDoc)));
            }
            return ids;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Lucene scores DOT_PRODUCT as (1 + cos) / 2. */
    private static double cosine(ScoreDoc scoreDoc) {
        return 2.0 * scoreDoc.score - 1.0;
    }

    /**
     * The k nearest to a unit query: the graph walk, and over a quantized graph a rescoring of all
     * it collected with the float vectors, so that every score a hit shows is the exact cosine.
     *
     * @param rescore {@link #needsRescoring} of the searcher the query runs on
     */
    private Query nearest(boolean rescore, float[] unitQuery, int k, Query filterQuery) {
        Query walk = new KnnFloatVectorQuery(CatalogFields.VECTOR, unitQuery, hnsw.graphCandidates(k), filterQuery);
        return rescore ? RescoreTopNQuery.createFullPrecisionRescorerQuery(walk, unitQuery, CatalogFields.VECTOR, k) : walk;
    }

    /**
     * Whether any graph the searcher sees is quantized. Read from the segments, not the setting:
     * segments written under another quantization (or by an older camsearch) stay until merges
     * rewrite them. Once per searcher acquired, not per query.
     */
    private boolean needsRescoring(IndexSearcher searcher) {
        return hnsw.quantization() != VectorQuantization.NONE || !allFloat(searcher);
    }

    /** Whether every segment's graph is of float vectors, whose scores are already exact cosines. */
    private static boolean allFloat(IndexSearcher searcher) {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FieldInfo field = leaf.reader().getFieldInfos().fieldInfo(CatalogFields.VECTOR);
            if (field != null && !FLOAT_FORMAT.equals(field.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY))) {
                return false;
            }
        }
        return true;
    }

    /** The items with these ids, in order (empty where none has the id), on one searcher. */
    public List<Optional<CatalogItem>> getAll(List<String> ids) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            var stored = searcher.storedFields();
            List<Optional<CatalogItem>> items = new ArrayList<>(ids.size());
            for (String id : ids) {
                TopDocs top = searcher.search(new TermQuery(new Term(CatalogFields.ID, id)), 1);
                items.add(top.scoreDocs.length == 0 ? Optional.empty()
                        : Optional.of(CatalogFields.read(searcher.getIndexReader(), stored, top.scoreDocs[0].doc, gradient)));
            }
            return items;
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The stored source of each item with these ids, in order (empty where no item has the id, or
     * its source is unknown), on one searcher; cheaper than {@link #getAll} (no embedding, basis or
     * thumbnail is read).
     */
    public List<Optional<SourceVersion>> sources(List<String> ids) throws IOException {
        return held(ids).stream().map(held -> Optional.ofNullable(held.source())).toList();
    }

    /**
     * What the index holds of each id, in order, on one searcher: absent, or present with its
     * stored source (null when unknown); like {@link #sources}, but an item of unknown source is
     * told from an absent one.
     */
    public List<HeldItem> held(List<String> ids) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            var stored = searcher.storedFields();
            List<HeldItem> held = new ArrayList<>(ids.size());
            for (String id : ids) {
                TopDocs top = searcher.search(new TermQuery(new Term(CatalogFields.ID, id)), 1);
                held.add(top.scoreDocs.length == 0 ? HeldItem.ABSENT : new HeldItem(true, CatalogFields.source(stored, top.scoreDocs[0].doc)));
            }
            return held;
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * Runs {@code listener} after each refresh that made new writes visible (searches acquired
     * from then on see them), on the refreshing thread, which holds the refresh lock meanwhile: it
     * must be short and must not wait for a refresh. Closing the returned handle stops it.
     */
    public Closeable onRefresh(Runnable listener) {
        ReferenceManager.RefreshListener refreshed = new ReferenceManager.RefreshListener() {
            @Override
            public void beforeRefresh() {}

            @Override
            public void afterRefresh(boolean didRefresh) {
                if (didRefresh) {
                    listener.run();
                }
            }
        };
        searchers.addListener(refreshed);
        return () -> searchers.removeListener(refreshed);
    }

    /**
     * Deletes every item (a searcher rebuilding its index from the beginning of its topic); like
     * every write, durable at the next {@link #commit(Map)}.
     */
    public void deleteAll() throws IOException {
        writer.deleteAll();
    }

    public Optional<CatalogItem> get(String id) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(CatalogFields.ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(CatalogFields.read(searcher.getIndexReader(), searcher.storedFields(), top.scoreDocs[0].doc, gradient));
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * Up to {@code limit} items that match the filter (all items for an empty filter), in index
     * order, with how many match in all: the members of a concept.
     */
    public Matches find(MetadataFilter filter, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        Query query = filter.isEmpty() ? new org.apache.lucene.search.MatchAllDocsQuery() : filter.toQuery();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(query, limit);
            var stored = searcher.storedFields();
            List<CatalogItem> items = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                items.add(CatalogFields.read(searcher.getIndexReader(), stored, scoreDoc.doc, gradient));
            }
            return new Matches(items, searcher.count(query));
        } finally {
            searchers.release(searcher);
        }
    }

    /** Items that matched a filter: at most the limit asked for, and the total. */
    public record Matches(List<CatalogItem> items, int total) {}

    /**
     * Up to {@code limit} items that match the filter, in id order, whose ids sort after {@code
     * afterId} (from the first when null): one step of a walk over the catalog that may change
     * between steps. Each step reads the index as it is then; since ids are unique and the walk
     * only moves forward, an item present for the whole walk is returned exactly once, one deleted
     * before its step is not returned, and one added (or updated) during the walk is returned once
     * if its id sorts after the step it became visible in, else not at all.
     */
    public Page pageAfter(MetadataFilter filter, String afterId, int limit) throws IOException {
        return page(filter, afterId, 0, limit);
    }

    /** Up to {@code limit} items that match the filter, in id order, skipping the first {@code offset}. */
    public Page pageAt(MetadataFilter filter, int offset, int limit) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        return page(filter, null, offset, limit);
    }

    /** A page of items in id order: the items, how many match in all, and whether more follow the last. */
    public record Page(List<CatalogItem> items, int total, boolean more) {}

    private static final Sort ID_ORDER = new Sort(new SortField(CatalogFields.ID_SORT, SortField.Type.STRING));

    private Page page(MetadataFilter filter, String afterId, int offset, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        Query query = filter.isEmpty() ? new MatchAllDocsQuery() : filter.toQuery();
        // One more than the page, to know whether another page follows.
        int wanted = Math.addExact(Math.addExact(offset, limit), 1);
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = afterId == null ? searcher.search(query, wanted, ID_ORDER)
                    : searcher.searchAfter(after(afterId, searcher.getIndexReader().maxDoc()), query, wanted, ID_ORDER);
            var stored = searcher.storedFields();
            int end = Math.min(offset + limit, top.scoreDocs.length);
            List<CatalogItem> items = new ArrayList<>(Math.max(0, end - offset));
            for (int i = offset; i < end; i++) {
                items.add(CatalogFields.read(searcher.getIndexReader(), stored, top.scoreDocs[i].doc, gradient));
            }
            return new Page(items, searcher.count(query), top.scoreDocs.length > offset + limit);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The place after {@code id} in id order. Lucene breaks ties between equal keys by document
     * number, skipping those at or below the one given: the last document of this reader skips every
     * document with that id, so an item updated since it was returned is not returned again.
     */
    private static FieldDoc after(String id, int maxDoc) {
        return new FieldDoc(maxDoc - 1, Float.NaN, new Object[] {new BytesRef(id)});
    }

    /**
     * Indexes written before paging by id lack its sort key: their documents are rewritten, from
     * their own stored fields, before the index serves anything (so no upsert can race a rewrite).
     * Not committed here (nothing but {@link #commit(Map)} commits): until ingestion's next commit,
     * a restart rewrites them again.
     */
    private static void addMissingSortKeys(IndexWriter writer, SharedGradient gradient) throws IOException {
        int rewritten = 0;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            StoredFields stored = reader.storedFields();
            for (LeafReaderContext leaf : reader.leaves()) {
                SortedDocValues keys = leaf.reader().getSortedDocValues(CatalogFields.ID_SORT);
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if ((live == null || live.get(doc)) && (keys == null || !keys.advanceExact(doc))) {
                        CatalogItem item = CatalogFields.read(reader, stored, leaf.docBase + doc, gradient);
                        writer.updateDocument(new Term(CatalogFields.ID, item.id()), CatalogFields.toDocument(item, gradient));
                        rewritten++;
                    }
                }
            }
        }
        if (rewritten > 0) {
            LOG.log(System.Logger.Level.INFO, "added the paging sort key to " + rewritten + " items indexed before it existed");
        }
    }

    /**
     * Merges the index down to at most {@code maxSegments} segments and waits for it: a step for
     * after a bulk load (a rebuild from the embeddings topic), since every segment is searched with
     * its own graph walk and candidate list, so fewer segments answer faster at the same recall.
     * Lucene merges HNSW graphs by inserting into the largest segment's graph, so this costs about
     * inserting the other segments' vectors once more. Durable at the next {@link #commit(Map)}.
     */
    public void forceMerge(int maxSegments) throws IOException {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be >= 1, got " + maxSegments);
        }
        writer.forceMerge(maxSegments, true);
        searchers.maybeRefreshBlocking();
    }

    /** Segments of the searcher's current view (each searched with its own graph). */
    public int segments() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Items visible to searches. */
    public int size() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    private void refreshQuietly() {
        try {
            searchers.maybeRefresh();
        } catch (IOException | RuntimeException e) {
            // The next tick tries again; searches keep the last good searcher meanwhile.
            LOG.log(System.Logger.Level.WARNING, "refreshing the catalog index searcher failed; retrying", e);
        }
    }

    /** Closes without committing: what was not committed with its offsets is re-consumed on restart. */
    @Override
    public void close() throws IOException {
        // Never interrupt a refresh: an interrupted Lucene I/O closes the file channel of the
        // index's write lock, and the rollback below then fails. Let a running refresh finish.
        refresher.shutdown();
        try {
            if (!refresher.awaitTermination(REFRESH_FINISH_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "a searcher refresh still runs after " + REFRESH_FINISH_SECONDS + " s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            searchers.close();
            writer.rollback(); // waits for running merges, so the pool below is idle after it
        } finally {
            try {
                if (mergeWorkers != null) {
                    mergeWorkers.shutdown();
                }
            } finally {
                directory.close();
            }
        }
    }

    /** Graph-merge tasks the merge workers have finished; 0 with one worker (each merge runs on its own thread then). */
    long mergeTasksRun() {
        return mergeWorkers == null ? 0 : mergeWorkers.getCompletedTaskCount();
    }
}
