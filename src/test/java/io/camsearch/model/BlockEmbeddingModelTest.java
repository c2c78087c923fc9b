package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.camsearch.model.nets.ResNet50;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A Java backbone's forward keeps no intermediate arrays alive, and gives what the block itself gives. */
class BlockEmbeddingModelTest {

    @Test
    void theResNet50ShapedBackboneLeavesOnlyItsInputAndOutputInTheBatchManager() throws Exception {
        try (BlockEmbeddingModel model = ResNet50.create(64, HeadKind.GAP_LINEAR)) {
            assertStepwiseEqualsPlainAndFreesIntermediates(model, 2, 150);
        }
    }

    @Test
    void theDemoBackboneLeavesOnlyItsInputAndOutputInTheBatchManager() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            assertStepwiseEqualsPlainAndFreesIntermediates((BlockEmbeddingModel) model, 4, 20);
        }
    }

    /**
     * The plain forward of the same block is the independent computation: the same values, but it
     * leaves at least {@code plainAtLeast} arrays in the batch's manager until the batch ends.
     */
    private static void assertStepwiseEqualsPlainAndFreesIntermediates(BlockEmbeddingModel model, int batch, int plainAtLeast) {
        ModelDescriptor d = model.descriptor();
        float[] pixels = new float[batch * 3 * d.inputHeight() * d.inputWidth()];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        Shape shape = new Shape(batch, 3, d.inputHeight(), d.inputWidth());
        float[] stepwise;
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray images = scratch.create(pixels, shape);
            NDArray features = model.backbone(images);
            List<NDArray> held = scratch.getManagedArrays();
            assertEquals(2, held.size(), "the batch's manager holds the images and the feature maps only: " + held.size() + " arrays");
            assertEquals(new Shape(batch, d.channels(), d.featureHeight(), d.featureWidth()), features.getShape());
            stepwise = features.toFloatArray();
        }
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray images = scratch.create(pixels, shape);
            NDArray features = GradMode.disabled(() -> model.backboneBlock()
                    .forward(new ParameterStore(model.manager(), false), new NDList(images), false).singletonOrThrow());
            int plainHeld = scratch.getManagedArrays().size();
            assertTrue(plainHeld >= plainAtLeast, "the plain forward holds " + plainHeld + " arrays");
            assertArrayEquals(features.toFloatArray(), stepwise, 0f, "the same feature maps, bit for bit");
        }
    }
}
