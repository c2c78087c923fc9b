package io.camsearch.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
        List<CatalogEntry> entries = entries();
        List<CubWriter.Image> images = entries.stream()
                .map(e -> new CubWriter.Image(e.id(), e.productClass().id(), e.path(), e.train(),
                        () -> render(e.productClass(), e.index())))
                .toList();
        List<CubClass> cubClasses = classes.stream().map(c -> new CubClass(c.id(), c.name())).toList();
        return CubWriter.write(directory, cubClasses, images, description(entries), threads, progress);
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

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
