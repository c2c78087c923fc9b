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
        description = {"Ingestion throughput through a real Kafka broker into the packaged service's index, against the demo",
                "model's own batch throughput on the same images, in one run. Needs ./mvnw package first."})
final class BenchIngestCommand implements Callable<Integer> {

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

    @Option(names = "--dir", defaultValue = "target/bench/ingest", description = "Broker and index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/ingest.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        BenchFiles.emptyDirectory(dir);
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            Map<String, Object> row = new IngestBenchmark(Path.of("").toAbsolutePath(), dir.toAbsolutePath(), System.err)
                    .run(model, new DemoCatalog(classes, perClass), modelBatch, warmUp, serviceProperties);
            System.out.println(BenchTable.format(List.of(row)));
            BenchFiles.writeJson(json, row);
        }
        return 0;
    }
}
