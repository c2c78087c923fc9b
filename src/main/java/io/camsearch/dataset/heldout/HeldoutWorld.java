package io.camsearch.dataset.heldout;

import io.camsearch.dataset.CatalogSummary;
import io.camsearch.dataset.CubClass;
import io.camsearch.dataset.CubWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The held-out world: a second synthetic catalog, written by code independent of the training
 * generator ({@code io.camsearch.dataset}, which it shares only {@link CubWriter} with) and never
 * used for training. Its glyphs ({@link Glyph}: arrows, letters, gears, clouds, bolts, ...), fills
 * ({@link Fill}: angled stripes, checker, mottling, gradients, concentric bands, speckle),
 * backdrops ({@link Backdrop}: fractal noise, gradients, lines, clutter), lighting and defocus are
 * all its own, rasterized by supersampled inside tests instead of Java2D paths, so a model that
 * scores well here learned objects, not the training generator's look.
 *
 * <p>Every image is a test image ({@code train_test_split.txt} all 0), so {@code evaluate} scores
 * the catalog whole. Deterministic by seed: each image draws from its own generator seeded from
 * {@code (seed, class id, index)}, and the files are byte-identical on any number of threads.
 */
public final class HeldoutWorld {

    /** Bumped whenever the same arguments would draw different pixels; recorded in {@code catalog.json}. */
    public static final int GENERATOR_VERSION = 1;
    /** Every combination of glyph, fill and hue. */
    public static final int MAX_CLASSES = HeldoutClass.MAX_CLASSES;

    private static final int MIN_IMAGE_SIZE = 32;
    private static final int MAX_IMAGE_SIZE = 4096;

    private final long seed;
    private final List<HeldoutClass> classes;
    private final int imagesPerClass;
    private final int imageSize;

    /** @throws IllegalArgumentException when a count or the size is outside its range */
    public HeldoutWorld(long seed, int classes, int imagesPerClass, int imageSize) {
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("the held-out world has 2 to " + MAX_CLASSES + " classes, got " + classes);
        }
        if (imagesPerClass < 1) {
            throw new IllegalArgumentException("images per class must be at least 1, got " + imagesPerClass);
        }
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("the image size must be " + MIN_IMAGE_SIZE + " to " + MAX_IMAGE_SIZE
                    + " pixels, got " + imageSize);
        }
        this.seed = seed;
        this.classes = IntStream.rangeClosed(1, classes).mapToObj(HeldoutClass::of).toList();
        this.imagesPerClass = imagesPerClass;
        this.imageSize = imageSize;
    }

    List<HeldoutClass> classes() {
        return classes;
    }

    HeldoutScene scene(HeldoutClass heldoutClass, int index) {
        return HeldoutScene.compose(heldoutClass, imageSize, imageSeed(heldoutClass.id(), index));
    }

    /** Path of image {@code index} (from 0) of a class below {@code images/}. */
    static String path(HeldoutClass heldoutClass, int index) {
        return String.format(Locale.ROOT, "%s/%s_%04d.png", heldoutClass.name(), heldoutClass.name().substring(4), index + 1);
    }

    /**
     * Writes the catalog into {@code directory}, every image marked as test.
     *
     * @param threads how many images to paint at once
     * @param progress receives a line once per tenth of the images
     */
    public CatalogSummary writeTo(Path directory, int threads, Consumer<String> progress) throws IOException {
        List<CubWriter.Image> images = new ArrayList<>();
        for (HeldoutClass heldoutClass : classes) {
            for (int index = 0; index < imagesPerClass; index++) {
                HeldoutScene scene = scene(heldoutClass, index);
                images.add(new CubWriter.Image(images.size() + 1, heldoutClass.id(), path(heldoutClass, index), false,
                        scene::render));
            }
        }
        List<CubClass> cubClasses = classes.stream().map(c -> new CubClass(c.id(), c.name())).toList();
        return CubWriter.write(directory, cubClasses, images, description(images.size()), threads, progress);
    }

    private Map<String, Object> description(int images) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("generator", HeldoutWorld.class.getName());
        description.put("generatorVersion", GENERATOR_VERSION);
        description.put("world", "heldout");
        description.put("layout", "CUB-200-2011");
        description.put("seed", seed);
        description.put("classes", classes.size());
        description.put("imagesPerClass", imagesPerClass);
        description.put("imageSize", imageSize);
        description.put("images", images);
        description.put("trainImages", 0);
        description.put("purpose", "evaluation only: no model trains on this world; every image is a test image");
        return description;
    }

    /** SplitMix64-style mixing with constants of its own, so neighbouring ids seed unrelated streams. */
    private long imageSeed(int classId, int index) {
        long z = seed * 0xD1342543DE82EF95L + classId * 0x9E3779B97F4A7C15L + index * 0xA24BAED4963EE407L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 29)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 32);
    }
}
