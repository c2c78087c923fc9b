package io.camsearch.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.cam.Box;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * A deterministic synthetic product catalog in CUB-200-2011's layout: the project's only image
 * data, for training and evaluating the demo embedding network and for seeding the demo catalog.
 *
 * <p>Each image shows one product (a {@link ProductClass}: shape, colour, pattern) at a random
 * position, size (25% to 60% of the side) and rotation, with jittered colour and shading, over a
 * cluttered background, beside one to three muted distractors that stay clear of it. Its box and
 * mask come from the same layer that paints the product.
 *
 * <p>Every image draws its random choices from its own generator, seeded from
 * {@code (seed, class id, index)}, so images can be painted on any number of threads in any order
 * and the files come out byte-identical.
 *
 * <p>The split marks the odd-numbered images of each class (the 1st, 3rd, ...) for training: about
 * half of each class, as in CUB. Images are independent draws, so which half trains does not
 * matter, and alternation keeps every class balanced.
 */
public final class SyntheticCatalog {

    /** Bumped whenever the same spec would draw different pixels; recorded in {@code catalog.json}. */
    public static final int GENERATOR_VERSION = 1;

    /** Progress is reported once per tenth of the images. */
    private static final int PROGRESS_STEPS = 10;

    private final CatalogSpec spec;
    private final List<ProductClass> classes;

    public SyntheticCatalog(CatalogSpec spec) {
        this.spec = spec;
        this.classes = ClassOrder.classes(spec.classes());
    }

    public CatalogSpec spec() {
        return spec;
    }

    /** The classes in id order. */
    public List<ProductClass> classes() {
        return classes;
    }

    /** Image {@code index} (from 0) of a class, exactly as {@link #writeTo} writes it. */
    public SyntheticImage render(ProductClass productClass, int index) {
        return scene(productClass, index).render();
    }

    Scene scene(ProductClass productClass, int index) {
        return Scene.compose(productClass, spec.imageSize(), imageSeed(productClass.id(), index));
    }

    /**
     * Writes the catalog into {@code directory} (created if missing; files of the same names are
     * replaced, others left alone).
     *
     * @param threads how many images to paint at once
     * @param progress receives a line once per tenth of the images, the last at 100%
     */
    public CatalogSummary writeTo(Path directory, int threads, Consumer<String> progress) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        long start = System.nanoTime();
        List<CatalogEntry> entries = entries();
        for (ProductClass productClass : classes) {
            Files.createDirectories(directory.resolve(CubLayout.IMAGES_DIR).resolve(productClass.name()));
            Files.createDirectories(directory.resolve(CubLayout.SEGMENTATIONS_DIR).resolve(productClass.name()));
        }
        List<Box> boxes = new ArrayList<>(entries.size());
        long bytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<WrittenImage>> written = new ArrayList<>(entries.size());
            for (CatalogEntry entry : entries) {
                written.add(pool.submit(() -> writeImage(directory, entry)));
            }
            long reported = 0;
            for (int i = 0; i < written.size(); i++) {
                WrittenImage image = result(written.get(i));
                boxes.add(image.box());
                bytes += image.bytes();
                int done = i + 1;
                long step = (long) done * PROGRESS_STEPS / entries.size();
                if (step > reported) {
                    reported = step;
                    progress.accept(String.format(Locale.ROOT, "generate: %d/%d images (%d%%), %.1f s",
                            done, entries.size(), 100L * done / entries.size(), seconds(start)));
                }
            }
        } finally {
            // All tasks are done by now unless one failed; then the rest need not run.
            pool.shutdownNow();
        }
        bytes += writeLists(directory, entries, boxes);
        int train = (int) entries.stream().filter(CatalogEntry::train).count();
        return new CatalogSummary(directory, entries.size(), classes.size(), train, bytes,
                Duration.ofNanos(System.nanoTime() - start));
    }

    List<CatalogEntry> entries() {
        List<CatalogEntry> entries = new ArrayList<>(spec.images());
        for (ProductClass productClass : classes) {
            for (int index = 0; index < spec.imagesPerClass(); index++) {
                entries.add(new CatalogEntry(entries.size() + 1, productClass, index, index % 2 == 0));
            }
        }
        return entries;
    }

    private record WrittenImage(Box box, long bytes) {
    }

    private WrittenImage writeImage(Path directory, CatalogEntry entry) throws IOException {
        SyntheticImage image = render(entry.productClass(), entry.index());
        Path picture = directory.resolve(CubLayout.IMAGES_DIR).resolve(entry.path());
        Path mask = directory.resolve(CubLayout.SEGMENTATIONS_DIR).resolve(CubLayout.segmentationPath(entry.path()));
        writePng(image.image(), picture);
        writePng(image.mask(), mask);
        return new WrittenImage(image.box(), Files.size(picture) + Files.size(mask));
    }

    private static void writePng(RenderedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    private static WrittenImage result(Future<WrittenImage> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("generating an image failed", e.getCause());
        }
    }

    /** Writes the CUB lists and catalog.json; returns their bytes. */
    private long writeLists(Path directory, List<CatalogEntry> entries, List<Box> boxes) throws IOException {
        long bytes = 0;
        bytes += writeLines(directory.resolve(CubLayout.CLASSES), classes, c -> c.id() + " " + c.name());
        bytes += writeLines(directory.resolve(CubLayout.IMAGES), entries, e -> e.id() + " " + e.path());
        bytes += writeLines(directory.resolve(CubLayout.LABELS), entries, e -> e.id() + " " + e.productClass().id());
        bytes += writeLines(directory.resolve(CubLayout.BOXES), entries,
                e -> e.id() + " " + CubLayout.boxFields(boxes.get(e.id() - 1)));
        bytes += writeLines(directory.resolve(CubLayout.SPLIT), entries, e -> e.id() + " " + (e.train() ? 1 : 0));
        Path json = directory.resolve("catalog.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), description(entries));
        return bytes + Files.size(json);
    }

    private static <T> long writeLines(Path file, List<T> items, Function<T, String> line) throws IOException {
        StringBuilder text = new StringBuilder();
        for (T item : items) {
            text.append(line.apply(item)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        Files.write(file, bytes);
        return bytes.length;
    }

    private Map<String, Object> description(List<CatalogEntry> entries) {
        int firstHalf = (classes.size() + 1) / 2;
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("generator", SyntheticCatalog.class.getName());
        description.put("generatorVersion", GENERATOR_VERSION);
        description.put("layout", "CUB-200-2011");
        description.put("seed", spec.seed());
        description.put("classes", spec.classes());
        description.put("imagesPerClass", spec.imagesPerClass());
        description.put("imageSize", spec.imageSize());
        description.put("images", entries.size());
        description.put("trainImages", entries.stream().filter(CatalogEntry::train).count());
        description.put("firstHalfClassIds", List.of(1, firstHalf));
        description.put("secondHalfClassIds", List.of(firstHalf + 1, classes.size()));
        return description;
    }

    /** Mixes the parts through SplitMix64's finalizer, so neighbouring ids seed unrelated streams. */
    private long imageSeed(int classId, int index) {
        return mix(mix(mix(spec.seed()) + classId) + index);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
