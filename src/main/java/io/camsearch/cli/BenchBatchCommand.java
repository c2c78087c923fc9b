package io.camsearch.cli;

import io.camsearch.bench.BatchBenchmark;
import io.camsearch.local.DemoCatalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-batch", mixinStandardHelpOptions = true,
        description = {"What a batch saves: the packaged service with the demo catalog, one batch of n queries against the same n as single",
                "calls one after another, for similar items and for uploaded images, in one run. Needs ./mvnw package first."})
final class BenchBatchCommand implements Callable<Integer> {

    @Option(names = "--classes", defaultValue = "100", description = "Demo catalog classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "5", description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--batch", defaultValue = "50", description = "Queries in one batch, at most camsearch.search.max-batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--rounds", defaultValue = "5", description = "Recorded rounds after a warm-up round (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "-k", defaultValue = "10", description = "Hits per query (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--service-property", paramLabel = "KEY=VALUE",
            description = "A configuration property for the service under test, e.g. camsearch.search.max-batch=100 (repeatable).")
    Map<String, String> serviceProperties = Map.of();

    @Option(names = "--dir", defaultValue = "target/bench/batch", description = "Broker and index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/batch.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        BatchBenchmark.Settings settings = new BatchBenchmark.Settings(batchSize, rounds, k);
        DemoCatalog catalog = new DemoCatalog(classes, perClass);
        BenchFiles.emptyDirectory(dir);
        BatchBenchmark.Result result = new BatchBenchmark(Path.of("").toAbsolutePath(), dir.toAbsolutePath(), System.err)
                .run(catalog, settings, serviceProperties);
        System.out.println(BenchTable.format(result.rows()));
        BenchFiles.writeJson(json, result);
        return 0;
    }
}
