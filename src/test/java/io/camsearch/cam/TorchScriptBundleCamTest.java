package io.camsearch.cam;

import static io.camsearch.cam.EmbeddingCamTest.assertMapsClose;
import static io.camsearch.cam.EmbeddingCamTest.maxAbs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.model.HeadKind;
import io.camsearch.model.LinearHead;
import io.camsearch.model.TorchScriptBundle;
import io.camsearch.model.BlockEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The TorchScript bundle path against PyTorch itself: the fixtures' reference.json holds A, y and
 * the literal Grad-CAM maps computed by PyTorch's autograd (float64) on the original eager model,
 * by src/test/python/make_fixtures.py.
 */
class TorchScriptBundleCamTest {

    private static final Path BUNDLES = Path.of("src/test/resources/bundles");

    @ParameterizedTest
    @ValueSource(strings = {"tiny-linear", "tiny-mlp"})
    void bundleEmbeddingsAndFeatureMapsMatchPyTorch(String bundle) throws IOException {
        JsonNode reference = reference(bundle);
        try (BlockEmbeddingModel model = TorchScriptBundle.load(BUNDLES.resolve(bundle))) {
            List<CamFeatures> features = new EmbeddingCam(model).analyze(inputs(reference));
            for (int n = 0; n < features.size(); n++) {
                float[] y = floats(reference.get("embeddings").get(n));
                assertArrayEquals(y, features.get(n).embedding(), 1e-5f * maxAbs(y));
                float[] a = floats(reference.get("featureMaps").get(n));
                assertArrayEquals(a, features.get(n).featureMaps(), 1e-5f * maxAbs(a));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-linear", "tiny-mlp"})
    void basisHeatmapsThroughTheBundleEqualPyTorchsLiteralAutograd(String bundle) throws IOException {
        JsonNode reference = reference(bundle);
        try (BlockEmbeddingModel model = TorchScriptBundle.load(BUNDLES.resolve(bundle))) {
            List<CamFeatures> features = new EmbeddingCam(model).analyze(inputs(reference));
            LiteralEmbeddingCam literal = new LiteralEmbeddingCam(model);
            int h = reference.get("featureHeight").intValue();
            int w = reference.get("featureWidth").intValue();
            assertTrue(reference.get("cases").size() >= 6);
            for (JsonNode c : reference.get("cases")) {
                CamFeatures image = features.get(c.get("image").intValue());
                Proxy p = new Proxy(floats(c.get("p")));
                float[] expectedWeights = floats(c.get("channelWeights"));
                Grid expectedSigned = new Grid(h, w, floats(c.get("signedMap")));
                Grid expectedHeatmap = new Grid(h, w, floats(c.get("heatmap")));

                assertArrayEquals(expectedWeights, image.channelWeights(p), 1e-5f * maxAbs(expectedWeights));
                assertMapsClose(expectedSigned, image.signedMap(p), 1e-5);
                assertMapsClose(expectedHeatmap, image.signedMap(p).relu(), 1e-5);
                // DJL's own autograd through the TorchScript head agrees as well.
                assertMapsClose(expectedSigned, literal.signedMap(image, p), 1e-5);
            }
        }
    }

    @Test
    void theLinearBundlesProbedWeightsAreTheExportedLayer() throws IOException {
        JsonNode reference = reference("tiny-linear");
        try (BlockEmbeddingModel model = TorchScriptBundle.load(BUNDLES.resolve("tiny-linear"))) {
            assertEquals(HeadKind.GAP_LINEAR, model.descriptor().head());
            LinearHead head = LinearHead.probe(model);
            float[] w = floats(reference.get("W"));
            assertArrayEquals(w, head.weights(), 1e-5f * maxAbs(w));
            assertArrayEquals(floats(reference.get("b")), head.bias(), 1e-5f);
        }
    }

    @Test
    void aNonLinearHeadDeclaredGapLinearIsRefused(@TempDir Path dir) throws IOException {
        Path bundle = copyBundle("tiny-mlp", dir);
        Path json = bundle.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"generic\"", "\"gap-linear\""));
        try (BlockEmbeddingModel model = TorchScriptBundle.load(bundle)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmbeddingCam(model));
            assertTrue(e.getMessage().contains("not W mean(A) + b"), e.getMessage());
        }
    }

    @Test
    void aDescriptorThatDisagreesWithTheModulesIsRefusedWithTheShapes(@TempDir Path dir) throws IOException {
        Path bundle = copyBundle("tiny-linear", dir);
        Path json = bundle.resolve("model.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"channels\":\\s*8", "\"channels\": 16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchScriptBundle.load(bundle));
        assertTrue(e.getMessage().contains("descriptor promises"), e.getMessage());
    }

    @Test
    void aMissingOrBrokenBundleFileIsNamed(@TempDir Path dir) throws IOException {
        Path bundle = copyBundle("tiny-linear", dir);
        Files.delete(bundle.resolve("head.pt"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> TorchScriptBundle.load(bundle));
        assertTrue(missing.getMessage().contains("has no head.pt"), missing.getMessage());

        Files.writeString(bundle.resolve("head.pt"), "not a torchscript archive");
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> TorchScriptBundle.load(bundle));
        assertTrue(broken.getMessage().contains("cannot load") && broken.getMessage().contains("head.pt"), broken.getMessage());

        Files.writeString(bundle.resolve("model.json"), "{\"format\": \"something-else\"}");
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> TorchScriptBundle.load(bundle));
        assertTrue(format.getMessage().contains("expected 'camsearch-bundle/1'"), format.getMessage());
    }

    private static Path copyBundle(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        try (var files = Files.list(BUNDLES.resolve(name))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static JsonNode reference(String bundle) throws IOException {
        return new ObjectMapper().readTree(BUNDLES.resolve(bundle).resolve("reference.json").toFile());
    }

    private static List<float[]> inputs(JsonNode reference) {
        List<float[]> inputs = new ArrayList<>();
        reference.get("inputs").forEach(node -> inputs.add(floats(node)));
        return inputs;
    }

    static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }
}
