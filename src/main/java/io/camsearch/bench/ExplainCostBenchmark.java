package io.camsearch.bench;

import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.MetadataFilter;
import io.camsearch.search.ExplainMode;
import io.camsearch.search.ExplainedHit;
import io.camsearch.search.SearchResult;
import io.camsearch.search.SearchSettings;
import io.camsearch.search.VisualSearch;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * What explanations add to a search by upload, per upload size, in one run: the demo catalog
 * indexed (with CAM bases and thumbnails, as ingestion stores them), then for each size the same
 * upload searched at k with explain=none and explain=both, alternately, each from its bytes
 * (decode, embed, search, heatmaps, and the heatmaps' URL tokens the JSON carries). Per size: the
 * median of each, the median of the paired differences (what explain=both adds) and of the
 * heatmaps' own time as the search measures it, each also as a fraction of explain=none.
 */
public final class ExplainCostBenchmark {

    /** What the service stores and searches with by default (camsearch.ingest.thumbnail-max-side, camsearch.search.*). */
    private static final int THUMBNAIL_MAX_SIDE = Thumbnail.DEFAULT_MAX_SIDE;
    private static final SearchSettings SEARCH = SearchSettings.DEFAULT;

    private final int k;
    private final int repetitions;
    private final int warmUp;
    private final PrintStream log;

    public ExplainCostBenchmark(int k, int repetitions, int warmUp, PrintStream log) {
        if (k < 1 || repetitions < 1 || warmUp < 0) {
            throw new IllegalArgumentException("k and repetitions must be at least 1 and the warm-up at least 0, got " + k + ", " + repetitions
                    + " and " + warmUp);
        }
        this.k = k;
        this.repetitions = repetitions;
        this.warmUp = warmUp;
        this.log = log;
    }

    /**
     * @param catalog the items indexed, as image bytes by id
     * @param query the image uploaded, drawn at each of {@code longSides} (4:3 beyond its own size, JPEG; its own size as given)
     */
    public List<Map<String, Object>> run(ImageExplainer explainer, Path indexDir, Map<String, byte[]> catalog, byte[] query, List<Integer> longSides)
            throws IOException {
        try (CatalogIndex index = CatalogIndex.open(indexDir, 1000)) {
            index(explainer, index, catalog);
            VisualSearch search = new VisualSearch(explainer, index, SEARCH);
            BufferedImage original = explainer.decode(query).image();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int side : longSides) {
                byte[] upload = side == Math.max(original.getWidth(), original.getHeight()) ? query : jpeg(original, side, side * 3 / 4);
                rows.add(measure(explainer, search, upload));
            }
            return rows;
        }
    }

    private void index(ImageExplainer explainer, CatalogIndex index, Map<String, byte[]> catalog) throws IOException {
        List<CatalogItem> items = new ArrayList<>(catalog.size());
        for (Map.Entry<String, byte[]> entry : catalog.entrySet()) {
            AnalyzedImage analyzed = explainer.analyze(entry.getValue());
            DecodedImage image = analyzed.image();
            items.add(new CatalogItem(entry.getKey(), analyzed.features().embedding(), analyzed.features().basis(), Map.of(),
                    Thumbnail.of(image, entry.getValue(), THUMBNAIL_MAX_SIDE)));
        }
        index.upsert(items);
        index.commit(Map.of());
        index.refresh();
        log.printf("  indexed %d demo catalog items%n", items.size());
    }

    private Map<String, Object> measure(ImageExplainer explainer, VisualSearch search, byte[] upload) {
        DecodedImage probe = explainer.decode(upload);
        Stopwatch none = new Stopwatch("explain=none", repetitions);
        Stopwatch both = new Stopwatch("explain=both", repetitions);
        Stopwatch heatmaps = new Stopwatch("explain=both's heatmaps", repetitions);
        // Each explain=both search less the explain=none search just before it: the pair ran under the
        // same load, so on a shared machine their difference is steadier than the difference of medians.
        Stopwatch added = new Stopwatch("explain=both - explain=none", repetitions);
        for (int r = 0; r < warmUp + repetitions; r++) {
            // Alternating, so that a noisy neighbour on the machine slows both alike.
            if (r < warmUp) {
                search(explainer, search, upload, ExplainMode.NONE);
                search(explainer, search, upload, ExplainMode.BOTH);
            } else {
                double plain = none.time(() -> search(explainer, search, upload, ExplainMode.NONE));
                double explained = both.time(() -> heatmaps.record(search(explainer, search, upload, ExplainMode.BOTH)));
                added.record(explained - plain);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("upload", probe.width() + "x" + probe.height());
        row.put("uploadKB", Math.round(upload.length / 1024.0));
        row.put("k", k);
        row.put("noneMs", round(none.median()));
        row.put("bothMs", round(both.median()));
        row.put("addedMs", round(added.median()));
        row.put("addedFraction", round(added.median() / none.median()));
        row.put("heatmapsMs", round(heatmaps.median()));
        row.put("heatmapsFraction", round(heatmaps.median() / none.median()));
        log.printf("  %s upload: explain=none %.1f ms, explain=both %.1f ms; added %.1f ms (%+.1f%%), of which the heatmaps %.1f ms (%.1f%%)%n",
                row.get("upload"), none.median(), both.median(), added.median(), 100 * added.median() / none.median(), heatmaps.median(),
                100 * heatmaps.median() / none.median());
        return row;
    }

    /** A search by upload from its bytes, as the service answers one: its heatmaps' URL tokens included. @return the search's own time for its heatmaps */
    private double search(ImageExplainer explainer, VisualSearch search, byte[] upload, ExplainMode mode) {
        try {
            SearchResult result = search.byImage(explainer.decode(upload), k, MetadataFilter.NONE, mode);
            int tokens = 0;
            for (ExplainedHit hit : result.hits()) {
                tokens += encoded(hit.onQuery()) + encoded(hit.onHit());
            }
            assert mode == ExplainMode.NONE || tokens > 0 : "explain=both made no heatmap";
            return result.timings().explainMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int encoded(Optional<Heatmap> heatmap) {
        return heatmap.flatMap(h -> h.token().encoded()).map(String::length).orElse(0);
    }

    private static byte[] jpeg(BufferedImage image, int width, int height) throws IOException {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(scaled, "jpg", out)) {
            throw new IOException("no ImageIO writer for JPEG");
        }
        return out.toByteArray();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
