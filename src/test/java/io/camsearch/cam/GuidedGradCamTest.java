package io.camsearch.cam;

import static io.camsearch.cam.EmbeddingCamTest.maxAbs;
import static io.camsearch.cam.TorchScriptBundleCamTest.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ModelDescriptor;
import io.camsearch.model.TorchRuntime;
import io.camsearch.model.TorchScriptBundle;
import io.camsearch.model.nets.Heads;
import io.camsearch.model.nets.ResidualUnits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guided Grad-CAM against a literal PyTorch computation (guided-ReLU backward hooks, float64) on a
 * small network of the demo network's kinds of block: convolutions, batch norm, ReLUs, residual
 * units with a projection and an identity shortcut, and a non-linear head with a ReLU. The weights,
 * the image and the proxy come from the committed reference (src/test/python/make_guided_fixture.py).
 */
class GuidedGradCamTest {

    private static final Path REFERENCE = Path.of("src/test/resources/guided/reference.json");

    @Test
    void guidedGradientAndGuidedGradCamEqualPyTorchsWithGuidedReluHooks() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(REFERENCE.toFile());
        try (BlockEmbeddingModel model = referenceNetwork(reference.get("parameters"))) {
            float[] input = floats(reference.get("input"));
            Proxy proxy = new Proxy(floats(reference.get("proxy")));
            float[] embedding = floats(reference.get("embedding"));
            assertArrayEquals(embedding, new EmbeddingCam(model).embed(List.of(input))[0], 1e-5f * maxAbs(embedding), "the weights loaded as exported");

            CamFeatures features = new EmbeddingCam(model).analyze(List.of(input)).get(0);
            Grid signed = features.signedMap(proxy);
            float[] expectedSigned = floats(reference.get("signedMap"));
            assertArrayEquals(expectedSigned, signed.values(), 1e-5f * maxAbs(expectedSigned), "EmbeddingCAM's S");

            GuidedGradCam.Result result = new GuidedGradCam(model).explain(input, signed, proxy);
            assertEquals(16, result.height());
            assertEquals(16, result.width());
            float[] guided = floats(reference.get("guidedGradient"));
            assertArrayEquals(guided, result.guidedGradient(), 1e-5f * maxAbs(guided), "the guided gradient at the pixels");
            float[] upsampled = floats(reference.get("upsampledHeatmap"));
            assertArrayEquals(upsampled, result.upsampledHeatmap().values(), 1e-5f * maxAbs(upsampled), "ReLU(S) upsampled to the input");
            float[] product = floats(reference.get("guidedGradCam"));
            assertArrayEquals(product, result.guidedGradCam(), 1e-5f * maxAbs(product), "Guided Grad-CAM");
            assertTrue(maxAbs(product) > 0, "the map is not empty");
        }
    }

    @Test
    void aTorchScriptBundleIsRefusedWithTheReason() throws Exception {
        try (BlockEmbeddingModel bundle = TorchScriptBundle.load(Path.of("src/test/resources/bundles/tiny-mlp"))) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> new GuidedGradCam(bundle));
            assertTrue(e.getMessage().contains("TorchScript bundle") && e.getMessage().contains("ReLUs"), e.getMessage());
        }
    }

    /** The network of make_guided_fixture.py, from camsearch's own building blocks, with the reference's parameters. */
    private static BlockEmbeddingModel referenceNetwork(JsonNode parameters) {
        Block backbone = new SequentialBlock()
                .add(ResidualUnits.conv(4, 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(ResidualUnits.basic(4, 8, 2))
                .add(ResidualUnits.basic(8, 8, 1));
        Block head = Heads.create(HeadKind.GENERIC, 6);
        ModelDescriptor descriptor = new ModelDescriptor("guided-reference", 16, 16, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}, 6, 8, 8, 8, HeadKind.GENERIC);
        BlockEmbeddingModel model = new BlockEmbeddingModel(descriptor, backbone, head, TorchRuntime.newManager());
        List<Parameter> all = new ArrayList<>(backbone.getParameters().values());
        all.addAll(head.getParameters().values());
        assertEquals(parameters.size(), all.size(), "the reference lists every parameter");
        for (int i = 0; i < all.size(); i++) {
            JsonNode expected = parameters.get(i);
            Parameter parameter = all.get(i);
            assertTrue(expected.get("name").asText().endsWith("." + parameter.getName()), expected.get("name") + " for " + parameter.getName());
            long[] shape = new long[expected.get("shape").size()];
            for (int s = 0; s < shape.length; s++) {
                shape[s] = expected.get("shape").get(s).longValue();
            }
            assertArrayEquals(shape, parameter.getArray().getShape().getShape(), "the shape of " + expected.get("name"));
            parameter.getArray().set(floats(expected.get("values")));
        }
        return model;
    }
}
