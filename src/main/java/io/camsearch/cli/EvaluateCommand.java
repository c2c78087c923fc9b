package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.dataset.CubDataset;
import io.camsearch.eval.EvaluationReport;
import io.camsearch.eval.EvaluationSet;
import io.camsearch.eval.ExplanationEvaluation;
import io.camsearch.model.BatchMalloc;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.Models;
import io.camsearch.model.nets.DemoNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"The paper's evaluation on the test images of a CUB-layout directory (see --split):",
                "Recall@1/@5, heatmap ratio in box and mask (beside a uniform heatmap), localization accuracy",
                "(IoU >= 0.5) at t = 0.2 and over t, deletion curves against random orders, and the",
                "model-randomization check. Writes evaluation.md, evaluation.json and PNG pictures to --out."})
final class EvaluateCommand implements Callable<Integer> {

    /** evaluation.json's field with {@link Models#weightsSha256} of the evaluated model (its views included). */
    static final String WEIGHTS_KEY = "modelWeightsSha256";

    @Option(names = "--data", defaultValue = "target/catalog", description = "CUB-layout directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--model", defaultValue = Models.DEMO, description = "'demo', a .params file of the demo network, or a TorchScript bundle directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", defaultValue = "target/eval", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--split", defaultValue = "auto",
            description = {"Which images to score: 'auto' (default) takes train_test_split.txt's test images, every image when it",
                    "marks all as test, and the second half of the class ids only when there is no such file;",
                    "'class-halves' takes the second half of the class ids regardless (the paper's protocol, the one",
                    "for the project's own catalog, whose first half the demo model trained on)."})
    String split;

    @Option(names = "--top-channels", defaultValue = "50", description = "N of the top-N-channels variants (default ${DEFAULT-VALUE}).")
    int topChannels;

    @Option(names = "--deletion-images", defaultValue = "100", description = "Images with deletion curves (default ${DEFAULT-VALUE}).")
    int deletionImages;

    @Option(names = "--random-orders", defaultValue = "3", description = "Random deletion orders per image (default ${DEFAULT-VALUE}).")
    int randomOrders;

    @Option(names = "--randomization-images", defaultValue = "300", description = "Images for the randomization check (default ${DEFAULT-VALUE}).")
    int randomizationImages;

    @Option(names = "--randomization-seed", defaultValue = "7", description = "Seed of the random weights for the randomization check (default ${DEFAULT-VALUE}).")
    int randomizationSeed;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + " is not a directory; make one with 'generate --out " + data + "'");
        }
        System.err.println(BatchMalloc.apply());
        ExplanationEvaluation.Settings settings = new ExplanationEvaluation.Settings(
                topChannels, deletionImages, randomOrders, randomizationImages, ExplanationEvaluation.Settings.DEFAULT.batchSize());
        EvaluationSet scored = EvaluationSet.of(CubDataset.read(data), request(split));
        System.err.println(scored.reason());
        long start = System.nanoTime();
        try (EmbeddingModel embeddingModel = Models.open(model);
                EmbeddingModel randomized = DemoNetwork.NAME.equals(embeddingModel.descriptor().name())
                        ? Models.asRun(DemoNetwork.createSeeded(HeadKind.GAP_LINEAR, randomizationSeed)) : null) {
            if (randomized == null) {
                System.err.println("note: the model-randomization check needs the network's architecture with random weights; "
                        + "it runs for the built-in demo model only");
            }
            ExplanationEvaluation.Result result = new ExplanationEvaluation(settings, System.err)
                    .run(embeddingModel, randomized, scored.images(), scored.labels());
            EvaluationReport report = new EvaluationReport(embeddingModel.descriptor().name(), data, scored, result);
            Files.createDirectories(out);
            String table = report.markdown();
            Files.writeString(out.resolve("evaluation.md"), table);
            Map<String, Object> json = report.json();
            // Which model, views included, made these numbers: seeds re-evaluates a directory whose hash differs.
            json.put(WEIGHTS_KEY, Models.weightsSha256(model));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("evaluation.json").toFile(), json);
            Files.write(out.resolve("localization-vs-threshold.png"), report.localizationPlot());
            Files.write(out.resolve("deletion.png"), report.deletionPlot());
            Files.write(out.resolve("examples.png"), report.examplesPicture());
            System.out.println(table);
            System.err.printf("evaluated in %.1f min; wrote evaluation.md, evaluation.json, localization-vs-threshold.png, deletion.png, examples.png to %s%n",
                    (System.nanoTime() - start) / 60e9, out);
        }
        return 0;
    }

    private static EvaluationSet.Request request(String split) {
        return switch (split) {
            case "auto" -> EvaluationSet.Request.AUTO;
            case "class-halves" -> EvaluationSet.Request.CLASS_HALVES;
            default -> throw new IllegalArgumentException("--split must be 'auto' or 'class-halves', got '" + split + "'");
        };
    }
}
