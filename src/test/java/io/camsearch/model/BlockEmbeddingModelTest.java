package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
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
        try (BlockEmbeddingModel model = Models.DemoWeights.load()) {
            assertStepwiseEqualsPlainAndFreesIntermediates(model, 4, 20);
        }
    }

    @Test
    void mirrorViewsLeaveOnlyTheInputAndTheAveragedMapInTheBatchManager() throws Exception {
        try (EmbeddingModel model = Models.open(Models.DEMO); NDManager scratch = model.manager().newSubManager()) {
            ModelDescriptor d = model.descriptor();
            NDArray images = scratch.randomNormal(new Shape(3, 3, d.inputHeight(), d.inputWidth()));
            NDArray features = model.backbone(images);
            List<NDArray> held = scratch.getManagedArrays();
            assertEquals(2, held.size(), "the batch's manager holds the images and A' only: " + held.size() + " arrays");
            assertTrue(held.stream().anyMatch(a -> a == images) && held.stream().anyMatch(a -> a == features), "the images and A'");
            assertEquals(new Shape(3, d.channels(), d.featureHeight(), d.featureWidth()), features.getShape());
            assertEquals(3 * d.inputHeight() * d.inputWidth() * 3, images.toFloatArray().length, "the input is still open");
        }
    }

    @Test
    void identityChildrenPassTheirInputOnWithoutClosingIt() {
        SequentialBlock backbone = new SequentialBlock().add(Blocks.identityBlock()).add(Activation.reluBlock()).add(Blocks.identityBlock());
        ModelDescriptor descriptor = new ModelDescriptor("identity-relu", 2, 1, new float[] {0, 0, 0}, new float[] {1, 1, 1}, 1, 3, 1, 2,
                HeadKind.GAP_LINEAR);
        try (BlockEmbeddingModel model = new BlockEmbeddingModel(descriptor, backbone, Blocks.identityBlock(), TorchRuntime.newManager(), false);
             NDManager scratch = model.manager().newSubManager()) {
            NDArray images = scratch.create(new float[] {-1, 2, 3, -4, 0, 5}, new Shape(1, 3, 1, 2));
            assertArrayEquals(new float[] {0, 2, 3, 0, 0, 5}, model.backbone(images).toFloatArray());
            assertArrayEquals(new float[] {-1, 2, 3, -4, 0, 5}, images.toFloatArray(), "the input is still open and unchanged");
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
