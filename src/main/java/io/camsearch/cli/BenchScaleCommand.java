package io.camsearch.cli;

import io.camsearch.bench.ScaleBenchmark;
import io.camsearch.local.DemoCatalog;
import io.camsearch.local.KafkaBroker;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-scale", mixinStandardHelpOptions = true,
        description = {"The scale-out path against today's one process, in this JVM against a real local broker: events per second",
                "through embedder -> embeddings topic -> searcher against catalog-images -> index; a fresh searcher rebuilding an",
                "index of R items from the topic (no model) against building it directly; bytes per item on the topic."})
final class BenchScaleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--classes", defaultValue = "200", description = "Demo catalog classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "10", description = "Images per class; classes x per-class events are timed (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--warm-up", defaultValue = "300", description = "Events each path ingests before its clock starts (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--envelopes", defaultValue = "100000", description = "Items of the rebuild, R (default ${DEFAULT-VALUE}).")
    int envelopes;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--model-batch", defaultValue = "32", description = "Images per model forward (default ${DEFAULT-VALUE}).")
    int modelBatch;

    @Option(names = "--reader-property", paramLabel = "KEY=VALUE",
            description = "A consumer setting of the searchers' readers, e.g. max.partition.fetch.bytes=8388608 (repeatable).")
    Map<String, String> readerProperties = Map.of();

    @Option(names = "--dir", defaultValue = "target/bench/scale", description = "Broker and index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/scale.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        ScaleBenchmark.Settings settings = new ScaleBenchmark.Settings(warmUp, envelopes, partitions, modelBatch, readerProperties);
        DemoCatalog catalog = new DemoCatalog(classes, perClass);
        BenchFiles.emptyDirectory(dir);
        // The parse result is the whole command line's, the command's name included.
        String commandLine = "camsearch " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            ScaleBenchmark.Result result = new ScaleBenchmark(brokerClasspath(), dir.toAbsolutePath(), System.err)
                    .run(model, Models.identity(Models.DEMO, model), catalog, settings, commandLine);
            System.out.println(BenchTable.format(List.of(result.machine())));
            System.out.println(BenchTable.format(result.throughput()));
            System.out.println(BenchTable.format(result.rebuild()));
            System.out.println(BenchTable.format(result.merge()));
            System.out.println(BenchTable.format(result.topicBytes()));
            BenchFiles.writeJson(json, result);
        }
        return 0;
    }

    /** The packaged build's broker jars; without them (tests, an IDE) this JVM's class path, which then holds the provided-scope broker. */
    private static String brokerClasspath() throws IOException {
        Path target = Path.of("target");
        return Files.isDirectory(target.resolve("broker-lib")) ? KafkaBroker.packagedClasspath(target.toAbsolutePath())
                : System.getProperty("java.class.path");
    }
}
