package io.camsearch.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.eval.MeanStd;
import io.camsearch.eval.ResultTable;
import io.camsearch.eval.SeedTable;
import io.camsearch.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Seeds are runs of the two commands a user runs, 'train' and 'evaluate', with nothing of their
 * own: the table then describes exactly the model 'train' ships. A seed whose weights or
 * evaluation are already in --out is not redone, so an interrupted run resumes.
 */
@Command(name = "seeds", mixinStandardHelpOptions = true,
        description = {"The paper's Table 1 over training seeds: trains the demo network once per seed (as 'train' does),",
                "evaluates each on the project's own held-out classes and on the held-out world (as 'evaluate' does),",
                "and writes every number as mean +- std across seeds to seeds.md and seeds.json in --out."})
final class SeedsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Training seeds (default ${DEFAULT-VALUE}).")
    List<Integer> seeds;

    @Option(names = "--data", defaultValue = "target/catalog", description = "The project's catalog, as for 'train' (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--wide", defaultValue = "target/wide", description = "Passed to 'train' (default ${DEFAULT-VALUE}).")
    String wide;

    @Option(names = "--heldout", defaultValue = "target/heldout",
            description = "The held-out world; generated if absent with 'generate --world heldout --classes 40 --per-class 10 --seed 1' (default ${DEFAULT-VALUE}).")
    Path heldout;

    @Option(names = "--epochs", defaultValue = TrainCommand.EPOCHS, description = "Passed to 'train' (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Passed to 'train' (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sparsity", defaultValue = TrainCommand.SPARSITY, description = "Passed to 'train' (default ${DEFAULT-VALUE}).")
    String sparsity;

    @Option(names = "--deletion-images", defaultValue = "40", description = "Passed to 'evaluate' (default ${DEFAULT-VALUE}).")
    int deletionImages;

    @Option(names = "--randomization-images", defaultValue = "200", description = "Passed to 'evaluate' (default ${DEFAULT-VALUE}).")
    int randomizationImages;

    @Option(names = "--out", defaultValue = "target/seeds", description = "One directory per seed, and the table (default ${DEFAULT-VALUE}).")
    Path out;

    /** The two worlds every seed is judged on, and how 'evaluate' picks their images. */
    private enum World {
        OWN("own", "the project's catalog, held-out classes", "class-halves"),
        HELDOUT("heldout", "the held-out world, every image", "auto");

        final String dir;
        final String title;
        final String split;

        World(String dir, String title, String split) {
            this.dir = dir;
            this.title = title;
            this.split = split;
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds must name distinct seeds, got " + seeds);
        }
        if (!Files.exists(heldout)) {
            System.err.println(heldout + " does not exist: generating the held-out world there first");
            run("generate", "--world", "heldout", "--classes", "40", "--per-class", "10", "--seed", "1", "--out", heldout.toString());
        }
        Map<World, List<Map<String, Object>>> evaluations = new LinkedHashMap<>();
        List<Double> minutes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            int seed = seeds.get(i);
            Path dir = out.resolve("seed-" + seed);
            System.err.printf("seed %d (%d of %d) in %s%n", seed, i + 1, seeds.size(), dir);
            Path weights = dir.resolve("camsearch-demo.params");
            if (!Files.exists(weights) || !Files.exists(dir.resolve("train-report.json"))) {
                List<String> train = new ArrayList<>(List.of("train", "--data", data.toString(), "--seed", String.valueOf(seed),
                        "--epochs", String.valueOf(epochs), "--batch", String.valueOf(batch), "--sparsity", sparsity, "--weights", weights.toString(), "--report", dir.toString()));
                if (spec.commandLine().getParseResult().hasMatchedOption("--wide")) {
                    // Left out, train's default applies and train checks that it holds the shipped world.
                    train.addAll(List.of("--wide", wide));
                }
                run(train.toArray(String[]::new));
            } else {
                requireSameRecipe(read(dir.resolve("train-report.json")), seed, dir);
                System.err.println("  already trained (delete " + weights + " to train again)");
            }
            minutes.add(((Number) read(dir.resolve("train-report.json")).get("minutes")).doubleValue());
            String modelSha256 = Models.weightsSha256(weights.toString());
            for (World world : World.values()) {
                Path evaluation = dir.resolve(world.dir);
                if (!evaluatedAs(evaluation.resolve("evaluation.json"), modelSha256)) {
                    run("evaluate", "--model", weights.toString(), "--data", (world == World.OWN ? data : heldout).toString(),
                            "--split", world.split, "--deletion-images", String.valueOf(deletionImages),
                            "--randomization-images", String.valueOf(randomizationImages), "--out", evaluation.toString());
                }
                evaluations.computeIfAbsent(world, w -> new ArrayList<>()).add(read(evaluation.resolve("evaluation.json")));
            }
        }
        write(evaluations, MeanStd.of(minutes));
        return 0;
    }

    private void write(Map<World, List<Map<String, Object>>> evaluations, MeanStd minutes) throws IOException {
        StringBuilder md = new StringBuilder();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seeds", seeds);
        json.put("trainingMinutes", minutes.asMap());
        md.append("Seeds ").append(seeds).append(", mean +- std across seeds (sample std, n = ").append(seeds.size())
                .append("); training ").append(minutes.format(1)).append(" minutes a seed.\n");
        for (World world : World.values()) {
            ResultTable table = SeedTable.of(evaluations.get(world));
            md.append("\n**").append(world.title).append("** (`").append(world == World.OWN ? data : heldout).append("`)\n\n")
                    .append(table.markdown());
            json.put(world.dir, table.asMaps());
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("seeds.md"), md.toString());
        JSON.writeValue(out.resolve("seeds.json").toFile(), json);
        System.out.print(md);
        System.err.println("wrote seeds.md and seeds.json to " + out);
    }

    /**
     * Whether {@code evaluation} exists and was made of the model whose weights hash is {@code
     * weightsSha256}: one evaluated with one view, before mirror views, or of other weights is
     * evaluated again, not mixed into the table.
     */
    private static boolean evaluatedAs(Path evaluation, String weightsSha256) throws IOException {
        if (!Files.exists(evaluation)) {
            return false;
        }
        if (weightsSha256.equals(read(evaluation).get(EvaluateCommand.WEIGHTS_KEY))) {
            return true;
        }
        System.err.println("  " + evaluation + " is of another model (other weights, or one view): evaluating again");
        return false;
    }

    /** A resumed seed must have been trained as this run would train it, or its row describes another model. */
    private void requireSameRecipe(Map<String, Object> report, int seed, Path dir) {
        Map<?, ?> config = (Map<?, ?>) report.get("config");
        Map<String, Number> wanted = Map.of("seed", seed, "epochs", epochs, "batchSize", batch, "sparsity", Float.parseFloat(sparsity));
        for (Map.Entry<String, Number> entry : wanted.entrySet()) {
            Object trained = config == null ? null : config.get(entry.getKey());
            if (!(trained instanceof Number number) || number.floatValue() != entry.getValue().floatValue()) {
                throw new IllegalArgumentException(dir + " was trained with " + entry.getKey() + " " + trained + ", this run asks for "
                        + entry.getValue() + ": use another --out, or delete " + dir + " to train it again");
            }
        }
    }

    private static Map<String, Object> read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<>() {});
    }

    private static void run(String... args) {
        int code = CamsearchCli.run(args);
        if (code != 0) {
            throw new IllegalStateException("'" + String.join(" ", args) + "' failed with exit code " + code + " (its message is above)");
        }
    }
}
