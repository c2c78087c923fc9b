package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.bench.IndexBenchmark;
import io.camsearch.bench.VectorShape;
import io.camsearch.index.HnswSettings;
import io.camsearch.index.VectorQuantization;
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
        description = {"Build Lucene HNSW indexes of synthetic unit vectors with the service's index code, one per vector shape and",
                "quantization, then measure recall@10 against exact search (with and without a filter keeping 1%%), k=10 latency",
                "on one and two threads, build time, segments, disk, heap and resident memory; with a model, explain=query once.",
                "Run java with --add-modules jdk.incubator.vector so Lucene uses its vectorized code."})
final class BenchIndexCommand implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "100000", description = "Vectors in the index (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--queries", defaultValue = "1000", description = "Queries measured (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--shapes", split = ",", defaultValue = "gaussian",
            description = "Vector shapes, one index each: clustered (like trained embeddings), gaussian (worst case) (default ${DEFAULT-VALUE}).")
    List<String> shapes;

    @Option(names = "--quantizations", split = ",", defaultValue = "none",
            description = "Vector quantizations, one index each: none, int8, int4, binary (default ${DEFAULT-VALUE}).")
    List<String> quantizations;

    @Option(names = "--oversample", description = "Quantized graphs: candidates x this are rescored with float vectors (default: the service's).")
    Double oversample;

    @Option(names = "--force-merge", description = "Merge each index down to this many segments after the bulk load (default: leave the merge policy's).")
    Integer forceMerge;

    @Option(names = "--hnswlib", description = "Also measure Debian's python3-hnswlib on the same data, with this script "
            + "(src/main/python/hnswlib_bench.py), and compare latency at equal recall.")
    Path hnswlib;

    @Option(names = "--hnswlib-ef", split = ",", defaultValue = "20,40,60,80,100,150,200,300,400,600",
            description = "hnswlib ef values measured (default ${DEFAULT-VALUE}).")
    List<Integer> hnswlibEfs;

    @Option(names = "--dim", description = "Vector size (default: the model's embedding size).")
    Integer dim;

    @Option(names = "--max-connections", description = "HNSW M: neighbours per node and layer (default: the service's).")
    Integer maxConnections;

    @Option(names = "--beam-width", description = "HNSW candidates kept while inserting (default: the service's).")
    Integer beamWidth;

    @Option(names = "--merge-workers", description = "Threads that merge one segment's graph together (default: the service's).")
    Integer mergeWorkers;

    @Option(names = "--candidates", split = ",", description = "HNSW candidates collected per search, one measurement each, "
            + "e.g. 100,200,400 (default: the service's).")
    List<Integer> candidates;

    @Option(names = "--model", defaultValue = Models.DEMO, description = "Model for the explain=query measurement (default ${DEFAULT-VALUE}); "
            + "'none' skips it.")
    String model;

    @Option(names = "--dir", defaultValue = "target/bench/index", description = "Index directory; emptied first unless --reuse (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--reuse", description = {"Measure the indexes an earlier run built in --dir again instead of building them",
            "(same items, graph and quantization, checked against the build record each build leaves; hnswlib's too)."})
    boolean reuse;

    @Option(names = "--warm-up-passes", defaultValue = "3",
            description = "Untimed passes over the queries before each timed one, so that latency is the warm service's (default ${DEFAULT-VALUE}).")
    int warmUpPasses;

    @Option(names = "--json", defaultValue = "target/bench/index.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        HnswSettings graph = HnswSettings.DEFAULT;
        if (maxConnections != null) {
            graph = graph.withMaxConnections(maxConnections);
        }
        if (beamWidth != null) {
            graph = graph.withBeamWidth(beamWidth);
        }
        if (oversample != null) {
            graph = graph.withQuantization(graph.quantization(), oversample);
        }
        if (mergeWorkers != null) {
            graph = graph.withMergeWorkers(mergeWorkers);
        }
        List<Integer> counts = candidates != null ? candidates : List.of(graph.candidates());
        counts.forEach(graph::withCandidates); // refuses a bad count before the build
        var plan = new IndexBenchmark.Plan(items, queries, shapes.stream().map(VectorShape::parse).toList(),
                quantizations.stream().map(VectorQuantization::parse).toList(), counts, forceMerge, hnswlib, hnswlibEfs, reuse, warmUpPasses);
        if (!reuse) {
            deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        try (EmbeddingModel embeddingModel = "none".equals(model) ? null : Models.open(model)) {
            if (embeddingModel == null && dim == null) {
                throw new IllegalArgumentException("--dim is needed with --model none");
            }
            int size = dim != null ? dim : embeddingModel.descriptor().embeddingDim();
            List<Map<String, Object>> rows = new IndexBenchmark(plan, System.err).run(embeddingModel, size, dir, graph);
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
