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
    void aRunThatBlowsUpStopsAfterItsSecondEpochAndSaysWhatToDo(@TempDir Path dir) throws IOException {
        PreparedImages prepared = fourClasses(dir);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MetricLearningTrainer(System.err)
                .train(prepared, new TrainingConfig(6, 16, 50f, 16f, 1, 0f)));

        assertTrue(e.getMessage().startsWith("training diverged: epoch 2's mean loss"), e.getMessage());
        assertTrue(e.getMessage().contains("Rerun with a lower --lr (now 50.0)"), e.getMessage());
    }

    @Test
    void divergenceIsALossThatStopsFallingAfterTheFirstEpoch() {
        TrainingConfig config = new TrainingConfig(20, 64, 2e-3f, 16f, 1, 0.15f);
        // The epochs of the run that blew up (seed 1, 20 epochs, 60 images a wide class) and of a healthy one.
        List<MetricLearningTrainer.Epoch> blownUp = List.of(epoch(1, 6.1754), epoch(2, 6.8186));
        List<MetricLearningTrainer.Epoch> healthy = List.of(epoch(1, 5.3880), epoch(2, 4.1399), epoch(3, 3.5829));

        assertNull(MetricLearningTrainer.divergence(blownUp.subList(0, 1), 500, config));
        assertNull(MetricLearningTrainer.divergence(healthy, 500, config));
        assertEquals("training diverged: epoch 2's mean loss 6.8186 is not below epoch 1's 6.1754; nothing was written."
                        + " Rerun with a lower --lr (now 0.002) or another --seed",
                MetricLearningTrainer.divergence(blownUp, 500, config));
        // Falling, but still worse than a uniform guess among four classes (ln 4 = 1.3863).
        assertEquals("training diverged: epoch 2's mean loss 1.7915 is no better than guessing among 4 classes (ln 4 = 1.3863);"
                        + " nothing was written. Rerun with a lower --lr (now 0.002) or another --seed",
                MetricLearningTrainer.divergence(List.of(epoch(1, 1.9043), epoch(2, 1.7915)), 4, config));
        assertTrue(MetricLearningTrainer.divergence(List.of(epoch(1, Double.NaN)), 500, config).startsWith("training diverged: epoch 1's mean loss is NaN"));
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
