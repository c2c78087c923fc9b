package io.camsearch.bench;

import io.camsearch.cam.BasisCodec;
import io.camsearch.cam.Box;
import io.camsearch.cam.CamBasis;
import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.Proxy;
import io.camsearch.cam.SharedGradient;
import io.camsearch.cam.StoredExplanation;
import io.camsearch.cam.Vectors;
import io.camsearch.dataset.CatalogSpec;
import io.camsearch.dataset.ProductClass;
import io.camsearch.dataset.SyntheticCatalog;
import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.Thumbnail;
import io.camsearch.index.CatalogIndex;
import io.camsearch.index.CatalogItem;
import io.camsearch.index.HnswSettings;
import io.camsearch.local.DemoCatalog;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What a stored CAM basis costs in bytes against what it explains: for each candidate encoding, its
 * bytes per item and, over every hit of every demo catalog item searched by its own embedding (its
 * k nearest other items, the proxies a search uses), the largest cell error of the hit's normalized
 * map against the exact basis's, and how often the box is the same. Beside it, a real index of the
 * same items on disk, by field.
 */
public final class BasisBenchmark {

    private final int k;
    private final PrintStream log;

    public BasisBenchmark(int k, PrintStream log) {
        this.k = k;
        this.log = log;
    }

    /** A way to store an item's basis: its bytes and the basis they give back. */
    public record Candidate(String name, Function<CamFeatures, Encoded> encode) {}

    public record Encoded(int bytes, CamBasis decoded) {}

    /** An item as ingestion makes it, beside the CAM features its basis came from. */
    public record Analyzed(CatalogItem item, CamFeatures features) {}

    /**
     * The encodings compared: today's half floats, int8 per row and per cell, sparse top cells,
     * low-rank factors, the sparse feature map over the model's gradient matrix, and what is stored.
     */
    public static List<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>();
        all.add(new Candidate("half floats, every value (before)", f -> {
            byte[] half = BasisCodec.toHalfPrecision(f.basis());
            return new Encoded(half.length, BasisCodec.fromHalfPrecision(f.basis().dim(), f.basis().height(), f.basis().width(), half));
        }));
        all.add(new Candidate("int8 per row (d scales)", f -> int8(f.basis(), true)));
        all.add(new Candidate("int8 per cell (hw scales)", f -> int8(f.basis(), false)));
        all.add(new Candidate("sparse cells (99% of energy), int8 per cell", f -> sparseCells(f.basis(), 0.99)));
        for (int rank : new int[] {8, 16, 32}) {
            LowRankFactor fixed = new LowRankFactor(LowRankFactor.INT8_FACTOR, rank, 0);
            all.add(new Candidate("low rank r = " + rank + ", int8", f -> factor(fixed, f.basis())));
        }
        LowRankFactor half = new LowRankFactor(LowRankFactor.HALF_FACTOR, 32, 0);
        all.add(new Candidate("low rank r = 32, half", f -> factor(half, f.basis())));
        all.add(new Candidate("sparse feature map A (uint8 per channel, bitmap) over the model's M", f -> sparseFeatureMap(f, false, false)));
        all.add(new Candidate("sparse feature map A (uint8 per channel, bitmap), own direction exact", f -> sparseFeatureMap(f, false, true)));
        all.add(new Candidate("sparse feature map A (half, bitmap), own direction exact", f -> sparseFeatureMap(f, true, true)));
        all.add(new Candidate("BasisCodec: int8 per cell, own direction exact (before)", f -> {
            byte[] bytes = BasisCodec.encode(f.basis(), f.embedding());
            return new Encoded(bytes.length, BasisCodec.decode(f.basis().dim(), f.basis().height(), f.basis().width(), bytes));
        }));
        all.add(new Candidate("StoredExplanation: sparse feature map A (12-bit floats where no value is negative, else half; bitmap) over the model's M where smaller, else BasisCodec (after)", f -> {
            SharedGradient gradient = gradient(f);
            byte[] bytes = StoredExplanation.encode(f.basis(), f.embedding(), gradient);
            return new Encoded(bytes.length, StoredExplanation.decode(f.basis().dim(), f.basis().height(), f.basis().width(), bytes, gradient));
        }));
        return all;
    }

    /** The catalog's items as ingestion makes them (embedding, exact basis, thumbnail, metadata). */
    public List<Analyzed> items(EmbeddingModel model, int classes, int perClass) throws IOException {
        SyntheticCatalog catalog = new SyntheticCatalog(new CatalogSpec(7, CatalogSpec.DEFAULT_CLASSES, perClass, CatalogSpec.DEFAULT_IMAGE_SIZE));
        List<byte[]> pngs = new DemoCatalog(classes, perClass).pngs();
        ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
        List<Analyzed> items = new ArrayList<>();
        int batch = 16;
        for (int start = 0; start < pngs.size(); start += batch) {
            List<byte[]> part = pngs.subList(start, Math.min(pngs.size(), start + batch));
            List<DecodedImage> decoded = part.stream().map(explainer::decode).toList();
            List<AnalyzedImage> analyzed = explainer.analyzeDecoded(decoded);
            for (int i = 0; i < part.size(); i++) {
                int n = start + i;
                ProductClass productClass = catalog.classes().get(n / perClass);
                CamFeatures features = analyzed.get(i).features();
                items.add(new Analyzed(new CatalogItem(DemoCatalog.id(productClass, n % perClass), features.embedding(),
                        features.basis(), DemoCatalog.metadata(productClass, n % perClass),
                        Thumbnail.of(decoded.get(i), part.get(i), Thumbnail.DEFAULT_MAX_SIDE)), features));
            }
            log.printf("  analyzed %d of %d%n", start + part.size(), pngs.size());
        }
        return items;
    }

    /** One row per candidate: bytes, worst and 99th-percentile map error, same-box rate over the hits. */
    public List<Map<String, Object>> compare(String subject, List<Analyzed> analyzed, List<Candidate> candidates) {
        List<CatalogItem> items = analyzed.stream().map(Analyzed::item).toList();
        List<int[]> hits = hits(items);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Candidate candidate : candidates) {
            long bytes = 0;
            long largest = 0;
            List<CamBasis> decoded = new ArrayList<>(items.size());
            for (Analyzed item : analyzed) {
                Encoded encoded = candidate.encode().apply(item.features());
                bytes += encoded.bytes();
                largest = Math.max(largest, encoded.bytes());
                decoded.add(encoded.decoded());
            }
            double[] errors = new double[hits.size()];
            int sameBox = 0;
            for (int h = 0; h < hits.size(); h++) {
                CatalogItem query = items.get(hits.get(h)[0]);
                CatalogItem hit = items.get(hits.get(h)[1]);
                Proxy proxy = Proxy.singlePoint(query.embedding());
                Grid exact = hit.basis().signedMap(proxy);
                Grid approx = decoded.get(hits.get(h)[1]).signedMap(proxy);
                errors[h] = exact.relu().normalized().maxDifference(approx.relu().normalized());
                int width = hit.thumbnail().originalWidth();
                int height = hit.thumbnail().originalHeight();
                if (box(exact, width, height).equals(box(approx, width, height))) {
                    sameBox++;
                }
            }
            Arrays.sort(errors);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", subject);
            row.put("encoding", candidate.name());
            row.put("bytes/item", Math.round((double) bytes / items.size()));
            row.put("largest", largest);
            row.put("max error", String.format("%.4f", errors[errors.length - 1]));
            row.put("p99 error", String.format("%.4f", errors[(int) Math.floor(0.99 * (errors.length - 1))]));
            row.put("same box", String.format("%.4f", (double) sameBox / hits.size()));
            row.put("hits", hits.size());
            rows.add(row);
            log.println("  " + row);
        }
        return rows;
    }

    /**
     * The items in a real index on disk (committed, merges settled): each field's own bytes summed
     * over the items, and what Lucene adds (vector graph, terms, doc values and stored fields'
     * framing, files), the rest of the directory's size.
     */
    public Map<String, Object> indexBytes(String subject, List<Analyzed> analyzed, Path dir) throws IOException {
        List<CatalogItem> items = analyzed.stream().map(Analyzed::item).toList();
        SharedGradient gradient = analyzed.isEmpty() ? null : gradient(analyzed.get(0).features());
        try (CatalogIndex index = CatalogIndex.open(dir, 1000, HnswSettings.DEFAULT, gradient)) {
            index.upsert(items);
            index.commit(Map.of());
            index.awaitMerges();
        }
        long disk;
        try (Stream<Path> files = Files.list(dir)) {
            disk = files.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        int n = items.size();
        long embedding = 0;
        long basis = 0;
        long thumbnail = 0;
        long metadata = 0;
        for (CatalogItem item : items) {
            // The raw embedding (stored) and its unit copy (the HNSW field's vector data).
            embedding += 2L * item.embedding().length * Float.BYTES;
            basis += StoredExplanation.encode(item.basis(), item.embedding(), gradient).length;
            thumbnail += item.thumbnail().bytes().length;
            metadata += item.id().getBytes(StandardCharsets.UTF_8).length * 2L
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(item.metadata()).length;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", subject);
        row.put("items", n);
        row.put("disk bytes/item", disk / n);
        row.put("embedding (raw + vector)", embedding / n);
        row.put("basis", basis / n);
        row.put("thumbnail", thumbnail / n);
        row.put("id + metadata", metadata / n);
        row.put("Lucene overhead", (disk - embedding - basis - thumbnail - metadata) / n);
        log.println("  " + row);
        return row;
    }

    /**
     * The items' embeddings envelopes by field ({@link EnvelopeBytes}, the mean): as schema 3 carries
     * them (their stored explanation, the bytes the index stores), and with the explanation as
     * BasisCodec's int8 basis, what schema 2 carried. Schema 2 had no explanation length: its row is
     * the BasisCodec one less those 4 bytes (no schema-2 encoder is kept to measure it with).
     */
    public List<Map<String, Object>> envelopeBytes(String subject, ModelIdentity identity, List<Analyzed> analyzed) {
        List<CatalogItem> items = analyzed.stream().map(Analyzed::item).toList();
        SharedGradient gradient = analyzed.isEmpty() ? null : gradient(analyzed.get(0).features());
        EnvelopeBytes basisCodec = EnvelopeBytes.meanOf(identity, null, items);
        EnvelopeBytes stored = EnvelopeBytes.meanOf(identity, gradient, items);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(envelopeRow(subject, "schema 2: BasisCodec basis (before)", basisCodec, Integer.BYTES));
        rows.add(envelopeRow(subject, "schema 3: StoredExplanation, the index's bytes (after)", stored, 0));
        return rows;
    }

    private Map<String, Object> envelopeRow(String subject, String envelope, EnvelopeBytes bytes, int lessExplanation) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", subject);
        row.put("envelope", envelope);
        row.put("record value", Math.round(bytes.envelope() - lessExplanation));
        row.put("embedding", Math.round(bytes.embedding()));
        row.put("explanation", Math.round(bytes.explanation() - lessExplanation));
        row.put("thumbnail", Math.round(bytes.thumbnail()));
        row.put("metadata", Math.round(bytes.metadata()));
        row.put("header", Math.round(bytes.overhead()));
        log.println("  " + row);
        return row;
    }

    /** For each item, its k nearest other items by cosine: (query, hit) index pairs. */
    private List<int[]> hits(List<CatalogItem> items) {
        float[][] unit = items.stream().map(i -> Vectors.normalized(i.embedding())).toArray(float[][]::new);
        List<int[]> pairs = new ArrayList<>();
        for (int q = 0; q < unit.length; q++) {
            int query = q;
            IntStream.range(0, unit.length).filter(i -> i != query).boxed()
                    .sorted(Comparator.comparingDouble(i -> -Vectors.dot(unit[query], unit[i])))
                    .limit(k).forEach(i -> pairs.add(new int[] {query, i}));
        }
        return pairs;
    }

    private static Optional<Box> box(Grid signed, int width, int height) {
        return Heatmap.of(signed, width, height, Localizer.DEFAULT_THRESHOLD).box();
    }

    /** The model's M (both networks measured have a pool -> linear head, whose M is every image's). */
    private static SharedGradient gradient(CamFeatures features) {
        return new SharedGradient(features.basis().dim(), features.channels(), features.gradientMatrix());
    }

    private static Encoded factor(LowRankFactor codec, CamBasis basis) {
        byte[] bytes = codec.encode(basis);
        return new Encoded(bytes.length, LowRankFactor.decode(basis.dim(), basis.height(), basis.width(), bytes));
    }

    /** B as int8 with a float scale per row (embedding dimension) or per column (cell). */
    private static Encoded int8(CamBasis basis, boolean perRow) {
        int cells = basis.height() * basis.width();
        float[] values = basis.values();
        float[] out = new float[values.length];
        if (perRow) {
            for (int x = 0; x < basis.dim(); x++) {
                quantize(values, out, x * cells, 1, cells);
            }
        } else {
            for (int c = 0; c < cells; c++) {
                quantize(values, out, c, cells, basis.dim());
            }
        }
        int scales = perRow ? basis.dim() : cells;
        return new Encoded(values.length + scales * Float.BYTES, new CamBasis(basis.dim(), basis.height(), basis.width(), out));
    }

    /**
     * B = M A kept as its factors: the feature map A (K x h w, non-negative after the ReLU, mostly
     * zeros in a model trained with a sparsity term) as a bitmap of its non-zero values and those
     * values in uint8 per channel; M is the model's (the same for every image of a pool -> linear
     * head, so not counted per item).
     */
    private static Encoded sparseFeatureMap(CamFeatures features, boolean half, boolean ownDirection) {
        CamBasis basis = features.basis();
        int channels = features.channels();
        int cells = basis.height() * basis.width();
        float[] a = features.featureMaps();
        float[] out = new float[a.length];
        int nonZero = 0;
        for (int k = 0; k < channels; k++) {
            float max = 0;
            for (int c = 0; c < cells; c++) {
                max = Math.max(max, a[k * cells + c]);
            }
            for (int c = 0; c < cells; c++) {
                float v = a[k * cells + c];
                if (v != 0) {
                    nonZero++;
                    out[k * cells + c] = half ? Float.float16ToFloat(Float.floatToFloat16(v)) : Math.round(v / max * 255) * max / 255;
                }
            }
        }
        int bytes = (channels * cells + 7) / 8 + (half ? 2 * nonZero : nonZero + channels * Float.BYTES);
        CamBasis decoded = CamBasis.lowRank(basis.dim(), basis.height(), basis.width(), channels, features.gradientMatrix(), out);
        if (!ownDirection) {
            return new Encoded(bytes, decoded);
        }
        // u (half) and u . B per cell (half), the rank-one correction BasisCodec applies.
        int dim = basis.dim();
        float[] u = Vectors.normalized(features.embedding());
        for (int x = 0; x < dim; x++) {
            u[x] = Float.float16ToFloat(Float.floatToFloat16(u[x]));
        }
        float[] exact = basis.values();
        float[] values = decoded.values();
        double uu = Vectors.dot(u, u);
        for (int c = 0; c < cells; c++) {
            double along = 0;
            double got = 0;
            for (int x = 0; x < dim; x++) {
                along += u[x] * (double) exact[x * cells + c];
                got += u[x] * (double) values[x * cells + c];
            }
            double fix = (Float.float16ToFloat(Float.floatToFloat16((float) along)) - got) / uu;
            for (int x = 0; x < dim; x++) {
                values[x * cells + c] += (float) (u[x] * fix);
            }
        }
        return new Encoded(bytes + 2 * dim + 2 * cells, new CamBasis(dim, basis.height(), basis.width(), values));
    }

    /** The fewest cells (columns of B) that hold {@code share} of its energy, each as int8 with a float scale, and a bitmap of which. */
    private static Encoded sparseCells(CamBasis basis, double share) {
        int cells = basis.height() * basis.width();
        int dim = basis.dim();
        float[] values = basis.values();
        double[] energy = new double[cells];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            energy[i % cells] += (double) values[i] * values[i];
            total += (double) values[i] * values[i];
        }
        Integer[] order = IntStream.range(0, cells).boxed().sorted(Comparator.comparingDouble(c -> -energy[c])).toArray(Integer[]::new);
        float[] out = new float[values.length];
        double kept = 0;
        int count = 0;
        for (int c : order) {
            if (kept >= share * total) {
                break;
            }
            kept += energy[c];
            count++;
            quantize(values, out, c, cells, dim);
        }
        return new Encoded((cells + 7) / 8 + count * (dim + Float.BYTES), new CamBasis(dim, basis.height(), basis.width(), out));
    }

    /** {@code count} values from {@code start} with {@code stride}, rounded to int8 steps of their largest magnitude / 127. */
    private static void quantize(float[] in, float[] out, int start, int stride, int count) {
        float max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, Math.abs(in[start + i * stride]));
        }
        for (int i = 0; i < count; i++) {
            int at = start + i * stride;
            out[at] = max == 0 ? 0 : Math.round(in[at] / max * 127) * max / 127;
        }
    }
}
