package io.camsearch.cli;

import io.camsearch.bench.IngestBenchmark;
import io.camsearch.local.DemoCatalog;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-ingest", mixinStandardHelpOptions = true,
        description = {"Ingestion throughput through a real Kafka broker into the packaged service's index, against the",
                "model's own batch throughput on the same images, in one run, with the service's CPU per event by stage.",
                "Needs ./mvnw package first."})
final class BenchIngestCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = Models.DEMO,
            description = "The model on both sides: 'demo', '" + Models.RESNET50_SHAPED + "' (random weights, about 100 ms an image on a core)"
                    + " or a bundle directory; the service gets it as camsearch.model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--classes", defaultValue = "200", description = "Demo catalog classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "30", description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--model-batch", defaultValue = "32", description = "Images per model forward, both sides (default ${DEFAULT-VALUE}).")
    int modelBatch;

    @Option(names = "--warm-up", defaultValue = "6000", description = "Events the service ingests before the clock starts (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--service-property", paramLabel = "KEY=VALUE",
            description = "A configuration property for the service under test, e.g. camsearch.ingest.model-workers=2 (repeatable).")
    Map<String, String> serviceProperties = Map.of();

    @Option(names = "--service-jvm-option", paramLabel = "OPTION",
            description = "A JVM option for the service under test, e.g. -XX:StartFlightRecording=filename=ingest.jfr (repeatable; given as JAVA_TOOL_OPTIONS).")
    List<String> serviceJvmOptions = List.of();

    @Option(names = "--dir", defaultValue = "target/bench/ingest", description = "Broker and index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/ingest.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (classes < 1 || perClass < 1 || modelBatch < 1 || warmUp < 0) {
            throw new IllegalArgumentException("--classes, --per-class and --model-batch must be >= 1 and --warm-up >= 0");
        }
        BenchFiles.emptyDirectory(dir);
        try (EmbeddingModel opened = Models.open(model)) {
            Map<String, Object> row = new IngestBenchmark(Path.of("").toAbsolutePath(), dir.toAbsolutePath(), System.err)
                    .run(opened, new DemoCatalog(classes, perClass), modelBatch, warmUp,
                            new IngestBenchmark.ServiceUnderTest(model, serviceProperties, serviceJvmOptions));
            System.out.println(BenchTable.format(List.of(row)));
            BenchFiles.writeJson(json, row);
        }
        return 0;
    }
}
