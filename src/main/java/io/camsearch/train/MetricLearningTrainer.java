package io.camsearch.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import io.camsearch.model.Autograd;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.ParameterFiles;
import io.camsearch.model.TorchRuntime;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.model.nets.Heads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains the demo embedding network with the normalized-softmax loss ({@link NormalizedSoftmax})
 * on the training classes, with Adam on a cosine learning-rate schedule and random horizontal
 * flips, optionally plus an L1 penalty on the last feature map ({@link TrainingConfig#sparsity}). Reports progress as it goes; returns the embedding network (without the class proxies)
 * and the loss history.
 */
public final class MetricLearningTrainer {

    /** One epoch's summary. */
    public record Epoch(int number, double meanLoss, double seconds, double imagesPerSecond) {}

    /** The trained network and how training went. */
    public record Result(BlockEmbeddingModel model, List<Epoch> epochs, List<Double> stepLosses) {}

    private final PrintStream progress;

    public MetricLearningTrainer(PrintStream progress) {
        this.progress = progress;
    }

    public Result train(PreparedImages images, TrainingConfig config) {
        ModelDescriptor descriptor = DemoNetwork.descriptor(HeadKind.GAP_LINEAR);
        if (images.width() != descriptor.inputWidth() || images.height() != descriptor.inputHeight()) {
            throw new IllegalArgumentException("images are prepared at " + images.width() + "x" + images.height()
                    + ", the demo network takes " + descriptor.inputWidth() + "x" + descriptor.inputHeight());
        }
        int batch = config.batchSize();
        int stepsPerEpoch = images.size() / batch;
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("only " + images.size() + " training images for batches of " + batch);
        }
        Engine engine = TorchRuntime.engine();
        engine.setRandomSeed(config.seed());
        Block backbone = DemoNetwork.backbone();
        Block head = Heads.create(HeadKind.GAP_LINEAR, descriptor.embeddingDim());
        TrainingNetwork network = new TrainingNetwork(backbone, head,
                new NormalizedSoftmax(images.classes(), descriptor.embeddingDim(), config.scale()));
        Model model = engine.newModel("camsearch-demo-training", Device.cpu());
        model.setBlock(network);
        int totalSteps = config.epochs() * stepsPerEpoch;
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(CosineTracker.builder()
                        .setBaseValue(config.learningRate())
                        .optFinalValue(config.learningRate() / 100)
                        .setMaxUpdates(totalSteps)
                        .build())
                .optWeightDecays(1e-4f)
                .build();
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam));
        Shape inputShape = new Shape(batch, 3, descriptor.inputHeight(), descriptor.inputWidth());
        trainer.initialize(inputShape);

        progress.printf("training %s on %d images of %d classes: %d epochs x %d steps of %d%n",
                descriptor.name(), images.size(), images.classes(), config.epochs(), stepsPerEpoch, batch);
        Random random = new Random(config.seed());
        List<Epoch> epochs = new ArrayList<>();
        List<Double> stepLosses = new ArrayList<>();
        int inputSize = 3 * descriptor.inputHeight() * descriptor.inputWidth();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = shuffled(images.size(), random);
            double lossSum = 0;
            for (int step = 0; step < stepsPerEpoch; step++) {
                float[] data = new float[batch * inputSize];
                float[] labels = new float[batch];
                for (int b = 0; b < batch; b++) {
                    int index = order[step * batch + b];
                    Augmentation.copy(images.input(index), data, b * inputSize, descriptor.inputHeight(),
                            descriptor.inputWidth(), random.nextBoolean());
                    labels[b] = images.label(index);
                }
                double loss = step(trainer, data, labels, inputShape, config.sparsity());
                lossSum += loss;
                stepLosses.add(loss);
                if ((step + 1) % 20 == 0 || step + 1 == stepsPerEpoch) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double rate = (step + 1) * batch / seconds;
                    double remaining = ((double) totalSteps - ((epoch - 1) * stepsPerEpoch + step + 1)) * batch / rate;
                    progress.printf("  epoch %d/%d  step %d/%d  loss %.4f  %.0f img/s  ~%.0f s left%n",
                            epoch, config.epochs(), step + 1, stepsPerEpoch, lossSum / (step + 1), rate, remaining);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            epochs.add(new Epoch(epoch, lossSum / stepsPerEpoch, seconds, stepsPerEpoch * batch / seconds));
            progress.printf("epoch %d/%d: mean loss %.4f in %.0f s%n", epoch, config.epochs(), lossSum / stepsPerEpoch, seconds);
            String divergence = divergence(epochs, images.classes(), config);
            if (divergence != null) {
                trainer.close();
                model.close();
                throw new IllegalStateException(divergence);
            }
        }
        BlockEmbeddingModel trained = detach(new BlockEmbeddingModel(descriptor, backbone, head, model.getNDManager()));
        trainer.close();
        model.close();
        return new Result(trained, epochs, stepLosses);
    }

    /**
     * Why training has diverged, or null while it learns. From the second epoch on, a run that
     * learns has an epoch-mean loss below its first epoch's (5.39 -> 4.14 at 500 classes and the
     * default --lr); one that blew up (seen once, at seed 1 with 20 epochs on the 60-a-class wide
     * world: late in epoch 1 the loss jumped from about 5.1 to 6.8, epoch means 6.18 -> 6.82)
     * stays up for every later epoch, so going on would only waste the remaining minutes and
     * write useless weights. A loss that is no better than guessing among the classes (ln of
     * their count; an untrained network at scale 16 starts above it) stops a run only when it
     * also rose since the last epoch, so that a slowly learning run at a low --lr goes on.
     */
    static String divergence(List<Epoch> epochs, int classes, TrainingConfig config) {
        Epoch last = epochs.getLast();
        assert last.number() == epochs.size() : "epochs are numbered 1, 2, ... in order";
        String why;
        if (!Double.isFinite(last.meanLoss())) {
            why = String.format("epoch %d's mean loss is %s", last.number(), last.meanLoss());
        } else if (last.number() < 2 || classes < 2) {
            return null; // one class: the loss is 0 at every step, nothing to compare
        } else if (last.meanLoss() >= epochs.getFirst().meanLoss()) {
            why = String.format("epoch %d's mean loss %.4f is not below epoch 1's %.4f", last.number(), last.meanLoss(), epochs.getFirst().meanLoss());
        } else if (last.meanLoss() >= Math.log(classes) && last.meanLoss() >= epochs.get(epochs.size() - 2).meanLoss()) {
            why = String.format("epoch %d's mean loss %.4f is no better than guessing among %d classes (ln %d = %.4f) and not below epoch %d's %.4f",
                    last.number(), last.meanLoss(), classes, classes, Math.log(classes), last.number() - 1, epochs.get(epochs.size() - 2).meanLoss());
        } else {
            return null;
        }
        return "training diverged: " + why + "; no weights or report were written. Rerun with a lower --lr (now "
                + config.learningRate() + ") or another --seed";
    }

    /**
     * The trained parameters moved into a freshly built network that owns its own manager: the
     * training Model's manager is closed with it (DJL also closes it once the Model is unreachable).
     */
    private static BlockEmbeddingModel detach(BlockEmbeddingModel inTraining) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ParameterFiles.write(inTraining, bytes);
            return ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the trained parameters out of the training model", e);
        }
    }

    /** One step; returns the classification loss (without the sparsity term, so runs compare). */
    private static double step(Trainer trainer, float[] data, float[] labels, Shape inputShape, float sparsity) {
        try (NDManager scratch = trainer.getManager().newSubManager()) {
            NDArray x = scratch.create(data, inputShape);
            NDArray y = scratch.create(labels);
            double loss = Autograd.run(collector -> {
                NDList outputs = trainer.forward(new NDList(x));
                NDArray classification = trainer.getLoss().evaluate(new NDList(y), new NDList(outputs.get(0)));
                // A >= 0 after the last ReLU, so its mean is an L1 norm: the term drives the
                // activations of cells that carry no class evidence (the background) to zero.
                NDArray total = sparsity > 0 ? classification.add(outputs.get(1).mean().mul(sparsity)) : classification;
                collector.backward(total);
                return (double) classification.getFloat();
            });
            trainer.step();
            return loss;
        }
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
