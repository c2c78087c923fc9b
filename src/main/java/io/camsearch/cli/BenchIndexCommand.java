package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.bench.IndexBenchmark;
import io.camsearch.index.HnswSettings;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-index", mixinStandardHelpOptions = true,
        description = {"Build a Lucene HNSW index of synthetic unit vectors, then measure recall@10 against exact search",
                "and k=10 search latency without and with query-side explanations (real model).",
                "Run java with --add-modules jdk.incubator.vector so Lucene uses its vectorized code."})
final class BenchIndexCommand implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "100000", description = "Vectors in the index (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--queries", defaultValue = "1000", description = "Queries measured (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--max-connections", description = "HNSW M: neighbours per node and layer (default: the service's).")
    Integer maxConnections;

    @Option(names = "--beam-width", description = "HNSW candidates kept while inserting (default: the service's).")
    Integer beamWidth;

    @Option(names = "--candidates", split = ",", description = "HNSW candidates collected per search, one measurement each, "
            + "e.g. 100,200,400 (default: the service's).")
    List<Integer> candidates;

    @Option(names = "--model", defaultValue = Models.DEMO, description = "Model for the explain=query measurement (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dir", defaultValue = "target/bench/index", description = "Index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/index.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (items < 10 || queries < 1) {
            throw new IllegalArgumentException("--items must be >= 10 and --queries >= 1, got " + items + " and " + queries);
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try (EmbeddingModel embeddingModel = Models.open(model)) {
            HnswSettings graph = HnswSettings.DEFAULT;
            if (maxConnections != null) {
                graph = graph.withMaxConnections(maxConnections);
            }
            if (beamWidth != null) {
                graph = graph.withBeamWidth(beamWidth);
            }
            List<Integer> counts = candidates != null ? candidates : List.of(graph.candidates());
            counts.forEach(graph::withCandidates); // refuses a bad count before the build
            List<Map<String, Object>> rows = new IndexBenchmark(items, queries, System.err).run(embeddingModel, dir, graph, counts);
            System.out.println(BenchTable.format(rows));
            if (json.getParent() != null) {
                Files.createDirectories(json.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rows);
        }
        return 0;
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
