package io.camsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.model.nets.DemoNetwork;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short real training run (libtorch, the demo network, the normalized-softmax loss) on four easy classes. */
class MetricLearningTrainerTest {

    @Test
    void aShortTrainingRunLowersTheLoss(@TempDir Path dir) throws IOException {
        PreparedImages prepared = fourClasses(dir);
        assertEquals(4, prepared.classes());

        MetricLearningTrainer.Result result = new MetricLearningTrainer(System.err)
                .train(prepared, new TrainingConfig(4, 16, 2e-3f, 16f, 1, 0f));
        try (var model = result.model()) {
            List<MetricLearningTrainer.Epoch> epochs = result.epochs();
            assertEquals(4, epochs.size());
            double first = epochs.get(0).meanLoss();
            double last = epochs.get(epochs.size() - 1).meanLoss();
            assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);
            assertEquals(4 * 4, result.stepLosses().size());
            assertEquals(DemoNetwork.EMBEDDING_DIM, model.descriptor().embeddingDim());
        }
    }

    @Test
    void aRunAtAnAbsurdLearningRateIsStoppedWithTheReasonAndWhatToDo(@TempDir Path dir) throws IOException {
        PreparedImages prepared = fourClasses(dir);

        // At lr 1000 the loss hovers about ln 4 = 1.39 and never settles: it rises again within a
        // few epochs (libtorch's CPU threads make the exact epoch differ from run to run).
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MetricLearningTrainer(System.err)
                .train(prepared, new TrainingConfig(12, 16, 1000f, 16f, 1, 0f)));

        assertTrue(e.getMessage().matches("training diverged: epoch \\d+'s mean loss .*; no weights or report were written\\."
                + " Rerun with a lower --lr \\(now 1000\\.0\\) or another --seed"), e.getMessage());
    }

    @Test
    void divergenceIsALossThatStopsFallingAfterTheFirstEpoch() {
        TrainingConfig config = new TrainingConfig(20, 64, 2e-3f, 16f, 1, 0.15f);
        String advice = "; no weights or report were written. Rerun with a lower --lr (now 0.002) or another --seed";
        // The epoch means of the run that blew up (seed 1, 20 epochs, 60 images a wide class) and of a healthy one.
        List<MetricLearningTrainer.Epoch> blownUp = epochs(6.1754, 6.8186);

        assertNull(MetricLearningTrainer.divergence(blownUp.subList(0, 1), 500, config), "one epoch has nothing to compare");
        assertEquals("training diverged: epoch 2's mean loss 6.8186 is not below epoch 1's 6.1754" + advice,
                MetricLearningTrainer.divergence(blownUp, 500, config));
        assertNull(MetricLearningTrainer.divergence(epochs(5.3880, 4.1399, 3.5829), 500, config));
        // Above ln 500 = 6.2146 but falling, as a run at a low --lr may be: it goes on.
        assertNull(MetricLearningTrainer.divergence(epochs(7.0, 6.6, 6.4), 500, config));
        // Above ln 4 = 1.3863 and rising again.
        assertEquals("training diverged: epoch 3's mean loss 1.7478 is no better than guessing among 4 classes (ln 4 = 1.3863)"
                        + " and not below epoch 2's 1.5898" + advice,
                MetricLearningTrainer.divergence(epochs(1.9043, 1.5898, 1.7478), 4, config));
        assertEquals("training diverged: epoch 3's mean loss is NaN" + advice,
                MetricLearningTrainer.divergence(epochs(5.3880, 4.1399, Double.NaN), 500, config));
        assertEquals("training diverged: epoch 1's mean loss is Infinity" + advice,
                MetricLearningTrainer.divergence(epochs(Double.POSITIVE_INFINITY), 500, config));
        assertNull(MetricLearningTrainer.divergence(epochs(0, 0, 0), 1, config), "one class: the loss is 0 at every step");
    }

    private static List<MetricLearningTrainer.Epoch> epochs(double... meanLosses) {
        List<MetricLearningTrainer.Epoch> epochs = new ArrayList<>();
        for (double loss : meanLosses) {
            epochs.add(epoch(epochs.size() + 1, loss));
        }
        return epochs;
    }

    private static MetricLearningTrainer.Epoch epoch(int number, double meanLoss) {
        return new MetricLearningTrainer.Epoch(number, meanLoss, 60, 400);
    }

    @Test
    void theSparsityTermLowersTheLastFeatureMapsActivations(@TempDir Path dir) throws IOException {
        PreparedImages prepared = fourClasses(dir);
        double plain = meanActivation(new MetricLearningTrainer(System.err).train(prepared, new TrainingConfig(3, 16, 2e-3f, 16f, 1, 0f)), prepared);
        double sparse = meanActivation(new MetricLearningTrainer(System.err).train(prepared, new TrainingConfig(3, 16, 2e-3f, 16f, 1, 5f)), prepared);
        assertTrue(sparse < 0.8 * plain, "mean activation of A: " + plain + " without the term, " + sparse + " with it");
    }

    private static double meanActivation(MetricLearningTrainer.Result result, PreparedImages images) {
        try (var model = result.model()) {
            double sum = 0;
            int count = 0;
            for (var pass : new io.camsearch.cam.EmbeddingCam(model).forward(images.inputs().subList(0, 16))) {
                for (float a : pass.featureMaps()) {
                    sum += a;
                    count++;
                }
            }
            return sum / count;
        }
    }

    private static PreparedImages fourClasses(Path dir) throws IOException {
        List<LabeledImage> images = new ArrayList<>();
        Color[] colours = {Color.RED, Color.BLUE, Color.GREEN, Color.ORANGE};
        Random random = new Random(3);
        for (int label = 0; label < colours.length; label++) {
            for (int i = 0; i < 16; i++) {
                Path file = dir.resolve(label + "-" + i + ".png");
                ImageIO.write(picture(colours[label], label % 2 == 0, random), "png", file.toFile());
                images.add(new LabeledImage(file, label));
            }
        }
        var descriptor = DemoNetwork.descriptor(io.camsearch.model.HeadKind.GAP_LINEAR);
        return PreparedImages.load(images,
                descriptor.preprocessing(), System.err);
    }

    private static BufferedImage picture(Color colour, boolean round, Random random) {
        int size = DemoNetwork.INPUT;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200 + random.nextInt(40), 200 + random.nextInt(40), 200 + random.nextInt(40)));
        g.fillRect(0, 0, size, size);
        g.setColor(colour);
        int side = 30 + random.nextInt(40);
        int x = random.nextInt(size - side);
        int y = random.nextInt(size - side);
        if (round) {
            g.fillOval(x, y, side, side);
        } else {
            g.fillRect(x, y, side, side);
        }
        g.dispose();
        return image;
    }
}
