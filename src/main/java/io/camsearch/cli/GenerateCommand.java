package io.camsearch.cli;

import io.camsearch.dataset.CatalogSpec;
import io.camsearch.dataset.CatalogSummary;
import io.camsearch.dataset.SyntheticCatalog;
import io.camsearch.dataset.WideWorld;
import io.camsearch.dataset.heldout.HeldoutWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate the synthetic product catalog in CUB-200-2011's layout:",
                "images/, segmentations/, images.txt, image_class_labels.txt, bounding_boxes.txt,",
                "train_test_split.txt, classes.txt and catalog.json. The same options give byte-identical files.",
                "--world wide writes the wider training world, --world heldout the independent held-out world",
                "(evaluation only, every image a test image).",
                "Progress and a summary line go to stderr."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "The directory to write; it must be empty or new unless --force.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Every pixel follows from it (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--classes", defaultValue = "" + CatalogSpec.DEFAULT_CLASSES,
            description = "Number of classes, 2 to 200; up to 2730 with --world wide, 616 with --world heldout (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "" + CatalogSpec.DEFAULT_IMAGES_PER_CLASS,
            description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--size", defaultValue = "" + CatalogSpec.DEFAULT_IMAGE_SIZE,
            description = "Side of the square images in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--world", defaultValue = "default",
            description = {"'default': the training generator's catalog (package dataset); 'wide': the same generator's",
                    "wider training world (39 silhouettes, 7 fills, 10 hues, lighting, scale, blur, five backdrops; up to",
                    "2730 classes); 'heldout': the independent",
                    "held-out world (package dataset.heldout: other glyphs, fills, backdrops, lighting and blur; up to 616",
                    "classes), never used for training (default ${DEFAULT-VALUE})."})
    String world;

    @Option(names = "--force", description = "Write into a non-empty directory, replacing files of the same names.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        requireWritable();
        switch (world) {
            case "default" -> generate(new CatalogSpec(seed, classes, perClass, size), out);
            case "wide" -> report(new WideWorld(seed, classes, perClass, size).writeTo(out, threads(), System.err::println));
            case "heldout" -> report(new HeldoutWorld(seed, classes, perClass, size).writeTo(out, threads(), System.err::println));
            default -> throw new IllegalArgumentException("--world must be 'default', 'wide' or 'heldout', got '" + world + "'");
        }
        return 0;
    }

    /** Writes the default catalog (seed 1, every default size), as 'generate --out DIR' does. */
    static void generateDefault(Path out) throws IOException {
        generate(new CatalogSpec(1, CatalogSpec.DEFAULT_CLASSES, CatalogSpec.DEFAULT_IMAGES_PER_CLASS, CatalogSpec.DEFAULT_IMAGE_SIZE), out);
    }

    /** Writes the wide training world, as 'generate --world wide' does at the default image size. */
    static void generateWide(Path out, long seed, int classes, int perClass) throws IOException {
        report(new WideWorld(seed, classes, perClass, CatalogSpec.DEFAULT_IMAGE_SIZE).writeTo(out, threads(), System.err::println));
    }

    private static void generate(CatalogSpec spec, Path out) throws IOException {
        report(new SyntheticCatalog(spec).writeTo(out, threads(), System.err::println));
    }

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static void report(CatalogSummary summary) {
        System.err.println(summary.line());
    }

    /** A catalog mixed into other files would be read back with whatever else lies there. */
    private void requireWritable() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
        }
        if (force || !Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--out " + out + " is not empty; choose a new or empty directory,"
                        + " or pass --force to write into it (files of the same names are replaced, others stay)");
            }
        }
    }
}
