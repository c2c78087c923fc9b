package io.camsearch.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The wide training world: the training generator's catalog widened for a model that must learn
 * objects rather than one generator's look: every class its own silhouette, drawn from a seed in
 * one of six families ({@link ProceduralSilhouette}), 7 fills ({@link WideFill}), 10 hues with
 * strong saturation and brightness jitter, light of any direction and strength, scale 25-85% of
 * the side, defocus of product and backdrop, and seven kinds of backdrop including other objects,
 * fill patterns and grain ({@link WideScene}). Up to 9999 classes; the split file marks every
 * other image of a class for training, as {@link SyntheticCatalog}'s does.
 *
 * <p>Versions: 1, the first; 2 added pen-drawn families, patterned and speckled backdrops and
 * grain ({@link WideScene} says why); 3 was an experiment not kept (classes without a colour of
 * their own, models.md); 4 gave each class its own procedural silhouette instead of one of 51 hand-drawn ones.
 *
 * <p>It shares the training generator's palette and drawing set-up, never the held-out world's
 * code or shapes (package {@code dataset.heldout}). The default catalog ({@link SyntheticCatalog})
 * is not changed by it: this world is written only when asked for ({@code generate --world wide}).
 */
public final class WideWorld {

    /** Bumped whenever the same arguments would draw different pixels; recorded in {@code catalog.json}. */
    public static final int GENERATOR_VERSION = 4;
    public static final int MAX_CLASSES = WideClass.MAX_CLASSES;
    static final int MIN_IMAGE_SIZE = 64;

    /** Seed, images per class and size; its class count is the default world's bound, so {@link #classes} counts. */
    private final CatalogSpec spec;
    private final List<WideClass> classes;

    /** @throws IllegalArgumentException when a count or the size is outside its range */
    public WideWorld(long seed, int classes, int imagesPerClass, int imageSize) {
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("the wide world has 2 to " + MAX_CLASSES + " classes, got " + classes);
        }
        // Version 4's thinnest outlines (a pen stroke, a holed ring) at a quarter of the side cover
        // no pixel of the mask below 64 px: 'generate --size 32' and '--size 48' failed on an empty
        // mask; 64, 96 and 128 drew 4000-16000 images without one.
        if (imageSize < MIN_IMAGE_SIZE) {
            throw new IllegalArgumentException("the wide world's images are at least " + MIN_IMAGE_SIZE
                    + " px a side (its thinnest outlines vanish below that), got " + imageSize);
        }
        // CatalogSpec checks the images per class and the size as for the default world.
        this.spec = new CatalogSpec(seed, 2, imagesPerClass, imageSize);
        this.classes = IntStream.rangeClosed(1, classes).mapToObj(WideClass::of).toList();
    }

    /**
     * What {@code catalog.json} in a wide-world directory says was drawn there; version -1 when it
     * records none: a world drawn by an older version is another training set under the same
     * arguments, and one of another size is another recipe.
     */
    public record Drawn(int version, long seed, int classes, int imagesPerClass) {

        /** @throws IOException when catalog.json exists but cannot be read as JSON */
        public static Drawn in(Path directory) throws IOException {
            Path json = directory.resolve("catalog.json");
            if (!Files.exists(json)) {
                return new Drawn(-1, -1, -1, -1);
            }
            JsonNode recorded = new ObjectMapper().readTree(json.toFile());
            return new Drawn(recorded.path("generatorVersion").asInt(-1), recorded.path("seed").asLong(-1),
                    recorded.path("classes").asInt(-1), recorded.path("imagesPerClass").asInt(-1));
        }

        public String shape() {
            return classes + " classes x " + imagesPerClass + " images, seed " + seed;
        }
    }

    List<WideClass> classes() {
        return classes;
    }

    WideScene scene(WideClass wideClass, int index) {
        return WideScene.compose(wideClass, spec.imageSize(), imageSeed(wideClass.id(), index));
    }

    static String path(WideClass wideClass, int index) {
        return String.format(Locale.ROOT, "%s/%s_%04d.png", wideClass.name(), wideClass.name().substring(5), index + 1);
    }

    /**
     * Writes the catalog into {@code directory}; the odd-numbered images of each class (1st, 3rd, ...) train.
     *
     * @param threads how many images to paint at once
     * @param progress receives a line once per tenth of the images
     */
    public CatalogSummary writeTo(Path directory, int threads, Consumer<String> progress) throws IOException {
        List<CubWriter.Image> images = new ArrayList<>();
        for (WideClass wideClass : classes) {
            for (int index = 0; index < spec.imagesPerClass(); index++) {
                WideScene scene = scene(wideClass, index);
                images.add(new CubWriter.Image(images.size() + 1, wideClass.id(), path(wideClass, index), index % 2 == 0,
                        scene::render));
            }
        }
        List<CubClass> cubClasses = classes.stream().map(c -> new CubClass(c.id(), c.name())).toList();
        return CubWriter.write(directory, cubClasses, images, description(images), threads, progress);
    }

    private Map<String, Object> description(List<CubWriter.Image> images) {
        int firstHalf = classes.size() / 2;
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("generator", WideWorld.class.getName());
        description.put("generatorVersion", GENERATOR_VERSION);
        description.put("world", "wide");
        description.put("layout", "CUB-200-2011");
        description.put("seed", spec.seed());
        description.put("classes", classes.size());
        description.put("imagesPerClass", spec.imagesPerClass());
        description.put("imageSize", spec.imageSize());
        description.put("images", images.size());
        description.put("trainImages", images.stream().filter(CubWriter.Image::train).count());
        description.put("firstHalfClassIds", List.of(1, firstHalf));
        description.put("secondHalfClassIds", List.of(firstHalf + 1, classes.size()));
        return description;
    }

    /** As the default world seeds its images, salted so that no image shares a stream with a default one. */
    private long imageSeed(int classId, int index) {
        return SyntheticCatalog.mix(SyntheticCatalog.mix(SyntheticCatalog.mix(spec.seed() ^ 0x57494445L) + classId) + index);
    }
}
