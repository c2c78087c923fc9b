package io.camsearch.cli;

import io.camsearch.bench.BasisBenchmark;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelIdentity;
import io.camsearch.model.Models;
import io.camsearch.model.nets.ResNet50;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-basis", mixinStandardHelpOptions = true,
        description = "Bytes per item of the stored CAM basis against the error of hits' heatmaps, per encoding, on the demo model and a ResNet-50-shaped network; and a real index of the demo catalog on disk, by field.")
final class BenchBasisCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = Models.DEMO,
            description = "The model of the demo catalog's items: 'demo', a .params file of the demo network (another training run's) or a TorchScript bundle directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--classes", defaultValue = "50", description = "Demo catalog classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "4", description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--resnet-items", defaultValue = "60", description = "Items for the ResNet-50-shaped network, from the first classes, 3 a class (default ${DEFAULT-VALUE}; 0 skips it).")
    int resnetItems;

    @Option(names = "--k", defaultValue = "10", description = "Hits per item searched by its own embedding (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--work", defaultValue = "target/bench/basis-index", description = "The index's directory, emptied first (default ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--json", defaultValue = "target/bench/basis.json", description = "Where to write the results as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (classes < 1 || perClass < 1 || k < 1 || resnetItems < 0) {
            throw new IllegalArgumentException("--classes, --per-class and --k must be >= 1 and --resnet-items >= 0");
        }
        BasisBenchmark bench = new BasisBenchmark(k, System.err);
        List<Map<String, Object>> encodings = new ArrayList<>();
        List<Map<String, Object>> indexes = new ArrayList<>();
        List<Map<String, Object>> envelopes = new ArrayList<>();
        EmbeddingModel demo = Models.open(model);
        String subject = Models.DEMO.equals(model) ? "demo (d=128, 12x12)" : model;
        measure(bench, work, subject, demo, Models.identity(model, demo), classes, perClass, encodings, indexes, envelopes);
        if (resnetItems > 0) {
            // Random weights: an identity of the shape only (the envelope's bytes do not depend on the hash).
            measure(bench, work, "ResNet-50-shaped (d=512, 7x7, random weights)", ResNet50.create(512, HeadKind.GAP_LINEAR),
                    ModelIdentity.of("resnet50-random", new byte[32], 512), Math.max(1, resnetItems / 3), Math.min(3, resnetItems), encodings,
                    indexes, envelopes);
        }
        System.out.println(BenchTable.format(encodings));
        System.out.println(BenchTable.format(indexes));
        System.out.println(BenchTable.format(envelopes));
        BenchFiles.writeJson(json, Map.of("encodings", encodings, "index", indexes, "envelope", envelopes));
        System.err.println("wrote " + json);
        return 0;
    }

    private static void measure(BasisBenchmark bench, Path work, String subject, EmbeddingModel opened, ModelIdentity identity, int classes,
                                int perClass, List<Map<String, Object>> encodings, List<Map<String, Object>> indexes,
                                List<Map<String, Object>> envelopes) throws Exception {
        System.err.printf("%s: %d items ...%n", subject, classes * perClass);
        List<BasisBenchmark.Analyzed> items;
        try (EmbeddingModel model = opened) {
            items = bench.items(model, classes, perClass);
        }
        encodings.addAll(bench.compare(subject, items, BasisBenchmark.candidates()));
        BenchFiles.emptyDirectory(work);
        indexes.add(bench.indexBytes(subject, items, work));
        envelopes.addAll(bench.envelopeBytes(subject, identity, items));
    }
}
