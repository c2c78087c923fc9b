package io.camsearch.search;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.CamMethod;
import io.camsearch.cam.Grid;
import io.camsearch.cam.GuidedGradCam;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.ThroughBasis;
import io.camsearch.cam.Vectors;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.heatmap.HeatmapToken;
import io.camsearch.image.DecodedImage;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.Hit;
import io.camsearch.index.MetadataFilter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Search and explain: request -> embedding (with the query's CAM basis) -> HNSW top k (filtered
 * inside the search) -> heatmaps per hit. See the package documentation for why no heatmap needs a
 * backward pass here.
 */
public final class VisualSearch {

    /** Every heatmap of a search: through the bases, the query's computed with its embedding and the hits' stored with them. */
    private static final CamMethod METHOD = ThroughBasis.INSTANCE;

    private final ImageExplainer explainer;
    private final CatalogIndex index;
    private final SearchSettings settings;
    private final HeatmapRenderer images;
    /** Where a result's timings are read: {@link System#nanoTime()}, or a scripted clock in tests. */
    private final LongSupplier nanoClock;

    public VisualSearch(ImageExplainer explainer, CatalogIndex index, SearchSettings settings) {
        this(explainer, index, settings, System::nanoTime);
    }

    VisualSearch(ImageExplainer explainer, CatalogIndex index, SearchSettings settings, LongSupplier nanoClock) {
        this.explainer = explainer;
        this.index = index;
        this.settings = settings;
        this.images = new HeatmapRenderer(settings.heatmapMaxSide());
        this.nanoClock = nanoClock;
    }

    public SearchSettings settings() {
        return settings;
    }

    /** The k items nearest to the image, with the heatmaps {@code mode} asks for. */
    public SearchResult byImage(DecodedImage image, int k, MetadataFilter filter, ExplainMode mode) throws IOException {
        checkK(k);
        long start = nanoClock.getAsLong();
        AnalyzedImage query = explainer.analyzeDecoded(List.of(image)).get(0);
        long embedded = nanoClock.getAsLong();
        List<Hit> hits = index.search(query.features().embedding(), k, filter);
        long searched = nanoClock.getAsLong();
        List<ExplainedHit> explained = explain(query.features().embedding(), query.features(), image.width(), image.height(), hits, mode);
        return new SearchResult(Optional.empty(), image.width(), image.height(), mode, explained, timings(start, embedded, searched));
    }

    /** The k items nearest to a catalog item (itself excluded), with heatmaps from the stored bases alone. */
    public SearchResult byItem(String itemId, int k, MetadataFilter filter, ExplainMode mode) throws IOException {
        checkK(k);
        long start = nanoClock.getAsLong();
        CatalogItem item = index.get(itemId).orElseThrow(() -> new NoSuchItemException(itemId));
        long embedded = nanoClock.getAsLong();
        List<Hit> hits = new ArrayList<>();
        for (Hit hit : index.search(item.embedding(), k + 1, filter)) {
            if (!hit.item().id().equals(itemId) && hits.size() < k) {
                hits.add(hit);
            }
        }
        long searched = nanoClock.getAsLong();
        int width = item.thumbnail() == null ? 0 : item.thumbnail().originalWidth();
        int height = item.thumbnail() == null ? 0 : item.thumbnail().originalHeight();
        ExplainMode possible = item.basis() == null || item.thumbnail() == null ? ExplainMode.NONE : mode;
        List<ExplainedHit> explained = explain(item.embedding(), storedFeatures(item), width, height, hits, possible);
        return new SearchResult(Optional.of(item), width, height, possible, explained, timings(start, embedded, searched));
    }

    /** For each listed item, the heatmap on the image of what makes it similar to that item (and the reverse). */
    public SearchResult explainItems(DecodedImage image, List<String> itemIds) throws IOException {
        return explainItems(image, itemIds, false);
    }

    /**
     * {@link #explainItems(DecodedImage, List)}, and with {@code guided} each item's Guided Grad-CAM
     * map on the image as well: a guided backward through the whole network per item, so only on request.
     *
     * @throws InvalidSearchException when guided is asked of a model that cannot give it (a TorchScript bundle)
     */
    public SearchResult explainItems(DecodedImage image, List<String> itemIds, boolean guided) throws IOException {
        if (itemIds.isEmpty() || itemIds.size() > settings.maxK()) {
            throw new InvalidSearchException("explain needs 1 to " + settings.maxK() + " item ids, got " + itemIds.size());
        }
        long start = nanoClock.getAsLong();
        List<Hit> items = new ArrayList<>(itemIds.size());
        AnalyzedImage query = explainer.analyzeDecoded(List.of(image)).get(0);
        long embedded = nanoClock.getAsLong();
        for (String itemId : itemIds) {
            CatalogItem item = index.get(itemId).orElseThrow(() -> new NoSuchItemException(itemId));
            items.add(new Hit(item, cosine(query.features().embedding(), item.embedding())));
        }
        long looked = nanoClock.getAsLong();
        List<ExplainedHit> explained = explain(query.features().embedding(), query.features(), image.width(), image.height(), items, ExplainMode.BOTH);
        if (guided) {
            explained = withGuided(query, explained);
        }
        return new SearchResult(Optional.empty(), image.width(), image.height(), ExplainMode.BOTH, explained, timings(start, embedded, looked));
    }

    /**
     * The heatmap on the image of a concept: the normalized mean proxy of the listed items, or of
     * the items matching the filter (at most {@link SearchSettings#maxConceptItems()} of them).
     */
    public ConceptResult explainConcept(DecodedImage image, List<String> itemIds, MetadataFilter filter) throws IOException {
        long start = nanoClock.getAsLong();
        AnalyzedImage query = explainer.analyzeDecoded(List.of(image)).get(0);
        long embedded = nanoClock.getAsLong();
        List<float[]> embeddings = new ArrayList<>();
        int matched;
        if (!itemIds.isEmpty()) {
            if (itemIds.size() > settings.maxConceptItems()) {
                throw new InvalidSearchException("a concept may list at most " + settings.maxConceptItems() + " items, got " + itemIds.size());
            }
            for (String itemId : itemIds) {
                embeddings.add(index.get(itemId).orElseThrow(() -> new NoSuchItemException(itemId)).embedding());
            }
            matched = itemIds.size();
        } else {
            if (filter.isEmpty()) {
                throw new InvalidSearchException("a concept needs item ids or a non-empty filter");
            }
            CatalogIndex.Matches matches = index.find(filter, settings.maxConceptItems());
            if (matches.items().isEmpty()) {
                throw new InvalidSearchException("no catalog item matches the concept's filter");
            }
            matches.items().forEach(item -> embeddings.add(item.embedding()));
            matched = matches.total();
        }
        Proxy proxy = Proxy.normalizedMean(embeddings);
        long looked = nanoClock.getAsLong();
        Grid signed = METHOD.signedMap(query.features(), proxy);
        Heatmap heatmap = Heatmap.of(signed, image.width(), image.height(), settings.threshold());
        return new ConceptResult(image.width(), image.height(), embeddings.size(), matched,
                cosine(query.features().embedding(), proxy.vector()), heatmap, timings(start, embedded, looked));
    }

    /**
     * {@link #byItem} for each id, answered in order: the items looked up and their neighbours
     * searched on one index searcher, heatmaps from the stored bases as for one item. An id the index
     * does not hold is a {@link BatchEntry.Failed} with a {@link NoSuchItemException}; the others
     * are answered anyway.
     */
    public BatchResult byItems(List<String> itemIds, int k, MetadataFilter filter, ExplainMode mode) throws IOException {
        checkK(k);
        long start = nanoClock.getAsLong();
        List<Optional<CatalogItem>> items = index.getAll(itemIds);
        long looked = nanoClock.getAsLong();
        List<float[]> queries = items.stream().flatMap(Optional::stream).map(CatalogItem::embedding).toList();
        // k + 1: the item itself is among its own nearest, and is dropped.
        List<List<Hit>> answers = queries.isEmpty() ? List.of() : index.searchAll(queries, k + 1, filter);
        long searched = nanoClock.getAsLong();
        BatchShares shares = new BatchShares(itemIds.size(), start, looked, searched);
        List<BatchEntry> entries = new ArrayList<>(itemIds.size());
        int answered = 0;
        for (int i = 0; i < itemIds.size(); i++) {
            if (items.get(i).isEmpty()) {
                entries.add(new BatchEntry.Failed(new NoSuchItemException(itemIds.get(i))));
                continue;
            }
            long explainStart = nanoClock.getAsLong();
            CatalogItem item = items.get(i).get();
            List<Hit> hits = answers.get(answered++).stream().filter(hit -> !hit.item().id().equals(item.id())).limit(k).toList();
            int width = item.thumbnail() == null ? 0 : item.thumbnail().originalWidth();
            int height = item.thumbnail() == null ? 0 : item.thumbnail().originalHeight();
            ExplainMode possible = item.basis() == null || item.thumbnail() == null ? ExplainMode.NONE : mode;
            List<ExplainedHit> explained = explain(item.embedding(), storedFeatures(item), width, height, hits, possible);
            entries.add(new BatchEntry.Answered(new SearchResult(Optional.of(item), width, height, possible, explained, shares.entry(explainStart, nanoClock.getAsLong()))));
        }
        return new BatchResult(entries, timings(start, looked, searched));
    }

    /**
     * {@link #byImage} for each image, answered in order: all images embedded in one forward pass
     * of the model, all searched on one index searcher, heatmaps per image as for one.
     */
    public BatchResult byImages(List<DecodedImage> images, int k, MetadataFilter filter, ExplainMode mode) throws IOException {
        checkK(k);
        long start = nanoClock.getAsLong();
        List<AnalyzedImage> queries = images.isEmpty() ? List.of() : explainer.analyzeDecoded(images);
        long embedded = nanoClock.getAsLong();
        List<List<Hit>> answers = queries.isEmpty() ? List.of()
                : index.searchAll(queries.stream().map(query -> query.features().embedding()).toList(), k, filter);
        long searched = nanoClock.getAsLong();
        BatchShares shares = new BatchShares(images.size(), start, embedded, searched);
        List<BatchEntry> entries = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            long explainStart = nanoClock.getAsLong();
            DecodedImage image = images.get(i);
            AnalyzedImage query = queries.get(i);
            List<ExplainedHit> explained = explain(query.features().embedding(), query.features(), image.width(), image.height(), answers.get(i), mode);
            entries.add(new BatchEntry.Answered(new SearchResult(Optional.empty(), image.width(), image.height(), mode, explained,
                    shares.entry(explainStart, nanoClock.getAsLong()))));
        }
        return new BatchResult(entries, timings(start, embedded, searched));
    }

    /**
     * "More like these": the k items nearest to {@link Recommendation#query} of the examples (the
     * positive items and images, the negative items), the examples themselves excluded. With {@code
     * explain}, each hit's heatmap is on the hit's image for the positives' normalized mean as proxy:
     * what the hit shares with what the customer liked (not with q, whose negative part is no
     * concept of any image). The proxy needs only a direction of the embedding space, and the hit's
     * stored basis turns any such direction into a map with no backward pass.
     *
     * @throws NoSuchItemException when an example id is not in the index
     */
    public SearchResult recommend(List<String> positiveIds, List<String> negativeIds, List<DecodedImage> positiveImages, int k,
                                  MetadataFilter filter, boolean explain) throws IOException {
        checkK(k);
        long start = nanoClock.getAsLong();
        List<float[]> positives = new ArrayList<>(embeddings(positiveIds));
        List<float[]> negatives = embeddings(negativeIds);
        if (!positiveImages.isEmpty()) {
            explainer.analyzeDecoded(positiveImages).forEach(image -> positives.add(image.features().embedding()));
        }
        float[] query = Recommendation.query(positives, negatives);
        long embedded = nanoClock.getAsLong();
        java.util.Set<String> examples = new java.util.HashSet<>(positiveIds);
        examples.addAll(negativeIds);
        List<Hit> hits = index.search(query, k + examples.size(), filter).stream()
                .filter(hit -> !examples.contains(hit.item().id())).limit(k).toList();
        long searched = nanoClock.getAsLong();
        ExplainMode mode = explain ? ExplainMode.BOTH : ExplainMode.NONE;
        // No query basis: there is no query image to draw on; the hit side gets the positives' mean as proxy.
        List<ExplainedHit> explained = explain(Proxy.normalizedMean(positives).vector(), null, 0, 0, hits, mode);
        return new SearchResult(Optional.empty(), 0, 0, mode, explained, timings(start, embedded, searched));
    }

    private List<float[]> embeddings(List<String> itemIds) throws IOException {
        List<Optional<CatalogItem>> items = index.getAll(itemIds);
        List<float[]> embeddings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String id = itemIds.get(i);
            embeddings.add(items.get(i).orElseThrow(() -> new NoSuchItemException(id)).embedding());
        }
        return embeddings;
    }

    /** Splits a batch's shared phases (before, between and after the three instants) evenly among its n queries. */
    private record BatchShares(int n, long start, long firstDone, long secondDone) {
        SearchResult.Timings entry(long explainStart, long end) {
            return new SearchResult.Timings((firstDone - start) / 1e6 / n, (secondDone - firstDone) / 1e6 / n, (end - explainStart) / 1e6);
        }
    }

    /** The heatmap of a token in colour with its box, at {@code width x height} (0: see {@link HeatmapRenderer#heatmap}). */
    public BufferedImage heatmapImage(HeatmapToken token, int width, int height) {
        return images.heatmap(token, width, height);
    }

    /**
     * The heatmap of a token blended over a catalog item's stored thumbnail (the hit's image, or the
     * query's for an item query); empty when the item was indexed without an image.
     *
     * @throws NoSuchItemException when no item has that id
     */
    public Optional<BufferedImage> overlayOnItem(String itemId, HeatmapToken token, double alpha) throws IOException {
        CatalogItem item = index.get(itemId).orElseThrow(() -> new NoSuchItemException(itemId));
        if (item.thumbnail() == null) {
            return Optional.empty();
        }
        return Optional.of(images.overlay(token, item.thumbnail().decode(), alpha));
    }

    /**
     * The heatmaps of the hits through {@link #METHOD}: on the query for each hit's embedding (all in
     * one pass over the query's basis), on each hit for the query's embedding (from the hit's stored basis).
     *
     * @param query what the query image's analysis or stored item holds; null when there is no query image
     */
    private List<ExplainedHit> explain(float[] queryEmbedding, CamFeatures query, int queryWidth, int queryHeight, List<Hit> hits, ExplainMode mode) {
        List<Grid> onQuery = List.of();
        if (mode.onQuery() && query != null && !hits.isEmpty()) {
            List<Proxy> proxies = new ArrayList<>(hits.size());
            for (Hit hit : hits) {
                proxies.add(Proxy.singlePoint(hit.item().embedding()));
            }
            onQuery = METHOD.signedMaps(query, proxies);
        }
        Proxy queryProxy = Proxy.singlePoint(queryEmbedding);
        List<ExplainedHit> explained = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            Optional<Heatmap> q = onQuery.isEmpty() ? Optional.empty()
                    : Optional.of(Heatmap.of(onQuery.get(i), queryWidth, queryHeight, settings.threshold()));
            Optional<Heatmap> h = Optional.empty();
            Optional<RegionMatch> match = Optional.empty();
            CatalogItem item = hit.item();
            if (mode.onHit() && item.basis() != null && item.thumbnail() != null && item.basis().dim() == queryEmbedding.length) {
                int hitWidth = item.thumbnail().originalWidth();
                int hitHeight = item.thumbnail().originalHeight();
                Grid onHit = METHOD.signedMap(storedFeatures(item), queryProxy);
                h = Optional.of(Heatmap.of(onHit, hitWidth, hitHeight, settings.threshold()));
                if (!onQuery.isEmpty()) {
                    match = RegionMatch.of(onQuery.get(i), query.basis(), queryWidth, queryHeight, item.basis(), hitWidth, hitHeight);
                }
            }
            explained.add(new ExplainedHit(i + 1, item, hit.cosine(), q, h, match));
        }
        return explained;
    }

    /** The hits with their Guided Grad-CAM maps on the query, each for the hit's embedding as proxy. */
    private List<ExplainedHit> withGuided(AnalyzedImage query, List<ExplainedHit> hits) {
        GuidedGradCam guided;
        try {
            guided = new GuidedGradCam(explainer.cam().model());
        } catch (UnsupportedOperationException e) {
            throw new InvalidSearchException("guided is not available with this service's model: " + e.getMessage());
        }
        float[] input = explainer.toInput(query.image());
        List<ExplainedHit> out = new ArrayList<>(hits.size());
        for (ExplainedHit hit : hits) {
            Proxy proxy = Proxy.singlePoint(hit.item().embedding());
            out.add(hit.withGuidedOnQuery(guided.explain(input, METHOD.signedMap(query.features(), proxy), proxy)));
        }
        return out;
    }

    /** A catalog item's stored embedding and basis; null when it was indexed without a basis. */
    private static CamFeatures storedFeatures(CatalogItem item) {
        return item.basis() == null ? null : CamFeatures.stored(item.embedding(), item.basis());
    }

    private void checkK(int k) {
        if (k < 1 || k > settings.maxK()) {
            throw new InvalidSearchException("k must be between 1 and " + settings.maxK() + ", got " + k);
        }
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(Vectors.normalized(a), Vectors.normalized(b));
    }

    private SearchResult.Timings timings(long start, long embedded, long searched) {
        long end = nanoClock.getAsLong();
        return new SearchResult.Timings((embedded - start) / 1e6, (searched - embedded) / 1e6, (end - searched) / 1e6);
    }
}
