package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.dataset.CubDataset;
import io.camsearch.dataset.WideWorld;
import io.camsearch.eval.Curve;
import io.camsearch.eval.LinePlot;
import io.camsearch.eval.RecallAtK;
import io.camsearch.image.Preprocessing;
import io.camsearch.model.BatchMalloc;
import io.camsearch.model.HeadKind;
import io.camsearch.model.Models;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.ParameterFiles;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.train.ClassSplit;
import io.camsearch.train.MetricLearningTrainer;
import io.camsearch.train.PreparedImages;
import io.camsearch.train.TrainingConfig;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the demo embedding network on the first half of the classes of a CUB-layout catalog",
                "(generating the synthetic catalog first if --data does not exist), evaluate Recall@K on the",
                "held-out second half, and write the weights, a report and the loss curve."})
final class TrainCommand implements Callable<Integer> {

    /** The wide world the shipped weights trained on (models.md says why this size). */
    static final int WIDE_CLASSES = 400;
    static final int WIDE_PER_CLASS = 40;
    static final int WIDE_SEED = 7;
    /** The epochs and L1 weight the shipped weights trained with (models.md says why); 'seeds' passes the same defaults. */
    static final String EPOCHS = "20";
    static final String SPARSITY = "0.15";

    @Option(names = "--data", defaultValue = "target/catalog", description = "CUB-layout directory; generated with the default seed if absent (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--wide", defaultValue = "target/wide",
            description = {"The wide training world, every image and class of which also trains; generated if absent with",
                    "'generate --world wide --classes " + WIDE_CLASSES + " --per-class " + WIDE_PER_CLASS + " --seed " + WIDE_SEED
                            + "'; 'none' trains on --data alone. Recall@K is still measured on --data's held-out classes (default ${DEFAULT-VALUE})."})
    String wide;

    @Option(names = "--epochs", defaultValue = EPOCHS, description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.002", description = "Initial Adam learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialization, shuffling and augmentation (default ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--sparsity", defaultValue = SPARSITY, description = "Lambda of the L1 penalty on the last feature map, 0 for none (default ${DEFAULT-VALUE}).")
    float sparsity;

    @Option(names = "--weights", defaultValue = "src/main/resources" + Models.DemoWeights.RESOURCE,
            description = "Where to write the trained weights (default: the shipped demo weights, ${DEFAULT-VALUE}).")
    Path weights;

    @Option(names = "--report", defaultValue = "target/train", description = "Directory for train-report.json and loss.png (default ${DEFAULT-VALUE}).")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        System.err.println(BatchMalloc.apply());
        TrainingConfig config = new TrainingConfig(epochs, batch, learningRate, TrainingConfig.DEFAULT.scale(), seed, sparsity);
        if (!Files.exists(data)) {
            System.err.println(data + " does not exist: generating the synthetic catalog there first");
            GenerateCommand.generateDefault(data);
        }
        CubDataset dataset = CubDataset.read(data);
        ClassSplit split = ClassSplit.halves(dataset);
        if (!"none".equals(wide)) {
            Path widePath = Path.of(wide);
            if (!Files.exists(widePath)) {
                System.err.println(widePath + " does not exist: generating the wide training world there first");
                GenerateCommand.generateWide(widePath, WIDE_SEED, WIDE_CLASSES, WIDE_PER_CLASS);
            }
            WideWorld.Drawn drawn = WideWorld.Drawn.in(widePath);
            if (drawn.version() != WideWorld.GENERATOR_VERSION) {
                throw new IllegalArgumentException(widePath + " was drawn by wide-world generator version " + drawn.version() + ", this build draws version "
                        + WideWorld.GENERATOR_VERSION + ": delete " + widePath + " to have it drawn again, or pass --wide none");
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--wide")) {
                requireShippedWorld(widePath, drawn);
            }
            split = split.plusTraining(CubDataset.read(widePath), wide);
        }
        ModelDescriptor descriptor = DemoNetwork.descriptor(HeadKind.GAP_LINEAR);
        Preprocessing preprocessing = descriptor.preprocessing();
        System.err.printf("%s: %d images; training classes %s, held-out classes %s%n", data, dataset.images().size(), split.trainRange(), split.testRange());
        System.err.println("loading training images ...");
        PreparedImages train = PreparedImages.load(split.train(), preprocessing, System.err);

        MetricLearningTrainer.Result result = new MetricLearningTrainer(System.err).train(train, config);
        try (var model = result.model()) {
            if (weights.getParent() != null) {
                Files.createDirectories(weights.getParent());
            }
            try (OutputStream out = Files.newOutputStream(weights)) {
                ParameterFiles.write(model, out);
            }
            System.err.println("wrote " + weights + " (" + Files.size(weights) + " bytes)");

            System.err.println("loading held-out images ...");
            PreparedImages test = PreparedImages.load(split.test(), preprocessing, System.err);
            // As the service embeds; the views own nothing to close.
            float[][] embeddings = embedAll(new EmbeddingCam(Models.asRun(model)), test);
            SequencedMap<Integer, Double> recall = RecallAtK.compute(embeddings, test.labels(), 1, 2, 4, 8);
            double minutes = (System.nanoTime() - start) / 60e9;

            Files.createDirectories(report);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("data", data.toString());
            summary.put("trainClasses", split.trainRange());
            summary.put("heldOutClasses", split.testRange());
            summary.put("trainImages", train.size());
            summary.put("heldOutImages", test.size());
            summary.put("config", config);
            summary.put("loss", "normalized softmax (proxy-based), scale " + config.scale() + ", plus " + config.sparsity() + " x mean(A)");
            summary.put("epochs", result.epochs());
            summary.put("recallAtK", recall);
            summary.put("minutes", Math.round(minutes * 10) / 10.0);
            summary.put("weights", weights.toString());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.resolve("train-report.json").toFile(), summary);
            Files.write(report.resolve("loss.png"), lossPlot(result));
            System.out.printf("trained in %.1f min; final loss %.4f; held-out Recall@1 %.3f, @2 %.3f, @4 %.3f, @8 %.3f; report in %s%n",
                    minutes, result.epochs().get(result.epochs().size() - 1).meanLoss(),
                    recall.get(1), recall.get(2), recall.get(4), recall.get(8), report);
        }
        return 0;
    }

    static float[][] embedAll(EmbeddingCam cam, PreparedImages images) {
        float[][] out = new float[images.size()][];
        int batch = 64;
        for (int start = 0; start < images.size(); start += batch) {
            int end = Math.min(images.size(), start + batch);
            float[][] part = cam.embed(images.inputs().subList(start, end));
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }

    /**
     * The default --wide is the shipped recipe; a world an older build left there (another size or
     * seed) would silently train another one. Another --wide, given explicitly, is the caller's
     * experiment and trains as it is.
     */
    static void requireShippedWorld(Path widePath, WideWorld.Drawn drawn) {
        WideWorld.Drawn shipped = new WideWorld.Drawn(WideWorld.GENERATOR_VERSION, WIDE_SEED, WIDE_CLASSES, WIDE_PER_CLASS);
        if (!drawn.equals(shipped)) {
            throw new IllegalArgumentException(widePath + " holds " + drawn.shape() + ", the shipped recipe trains on " + shipped.shape()
                    + ": delete " + widePath + " to have the shipped one drawn, or pass --wide " + widePath + " to train on it as it is");
        }
    }

    private static byte[] lossPlot(MetricLearningTrainer.Result result) {
        List<Double> steps = result.stepLosses();
        int stepsPerEpoch = steps.size() / result.epochs().size();
        double[] x = new double[steps.size()];
        double[] y = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            x[i] = (i + 1) / (double) stepsPerEpoch;
            y[i] = steps.get(i);
        }
        double[] ex = new double[result.epochs().size()];
        double[] ey = new double[result.epochs().size()];
        for (int e = 0; e < ex.length; e++) {
            ex[e] = e + 1;
            ey[e] = result.epochs().get(e).meanLoss();
        }
        return new LinePlot("Training loss (normalized softmax)", "epoch", "loss", List.of(
                new LinePlot.Series("per step", new Curve(x, y)), new LinePlot.Series("epoch mean", new Curve(ex, ey)))).png();
    }
}
