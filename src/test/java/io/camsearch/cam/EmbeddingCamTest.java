package io.camsearch.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.camsearch.model.Autograd;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EmbeddingCAM's basis path against the paper's literal algorithm and against closed forms, on
 * real libtorch networks with a linear and a non-linear head.
 */
class EmbeddingCamTest {

    private static final int DIM = TestNetworks.DIM;
    private static final int CELLS = TestNetworks.FEATURE * TestNetworks.FEATURE;

    private static final Linear[] LINEAR = new Linear[1];
    private static BlockEmbeddingModel linearModel;
    private static BlockEmbeddingModel mlpModel;

    @BeforeAll
    static void buildNetworks() {
        linearModel = TestNetworks.linearHead(7, LINEAR);
        mlpModel = TestNetworks.mlpHead(11);
    }

    @AfterAll
    static void closeNetworks() {
        linearModel.close();
        mlpModel.close();
    }

    @Test
    void oneHotProxyOnAClassifierIsExactlyGradCam() {
        // The MLP head read as a 6-class classifier: Grad-CAM differentiates the class score itself.
        List<CamFeatures> features = new EmbeddingCam(mlpModel).analyze(List.of(TestNetworks.randomInput(1)));
        CamFeatures image = features.get(0);
        float[] a = image.featureMaps();
        for (int c = 0; c < DIM; c++) {
            Grid gradCam = gradCamFromClassScore(mlpModel, a, c).relu();
            Grid embeddingCam = image.signedMap(Proxy.oneHot(DIM, c)).relu();
            assertMapsClose(gradCam, embeddingCam, 1e-5);
        }
    }

    @Test
    void closedFormChannelWeightsEqualAutogradOnALinearHead() {
        float[] w = LINEAR[0].getParameters().get("weight").getArray().toFloatArray(); // d x K
        CamFeatures image = new EmbeddingCam(linearModel).analyze(List.of(TestNetworks.randomInput(2))).get(0);
        LiteralEmbeddingCam literal = new LiteralEmbeddingCam(linearModel);
        for (int trial = 0; trial < 5; trial++) {
            Proxy p = new Proxy(TestNetworks.randomVector(100 + trial, DIM));
            float[] closedForm = new float[TestNetworks.CHANNELS];
            for (int k = 0; k < closedForm.length; k++) {
                double sum = 0;
                for (int x = 0; x < DIM; x++) {
                    sum += w[x * TestNetworks.CHANNELS + k] * p.values()[x];
                }
                closedForm[k] = (float) (sum / CELLS);
            }
            float[] autograd = literal.channelWeights(image, p);
            assertArrayEquals(autograd, closedForm, 1e-6f * maxAbs(autograd) + 1e-9f);
            assertArrayEquals(autograd, image.channelWeights(p), 1e-6f * maxAbs(autograd) + 1e-9f);
        }
    }

    @Test
    void basisHeatmapEqualsLiteralAutogradHeatmapOnALinearHead() {
        assertBasisMatchesLiteral(linearModel);
    }

    @Test
    void basisHeatmapEqualsLiteralAutogradHeatmapOnANonLinearHead() {
        assertBasisMatchesLiteral(mlpModel);
    }

    @Test
    void manyProxiesFromOneBasisEqualOneLiteralRunEach() {
        CamFeatures image = new EmbeddingCam(mlpModel).analyze(List.of(TestNetworks.randomInput(4))).get(0);
        List<Proxy> proxies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            proxies.add(new Proxy(TestNetworks.randomVector(200 + i, DIM)));
        }
        List<Grid> together = image.basis().signedMaps(proxies);
        LiteralEmbeddingCam literal = new LiteralEmbeddingCam(mlpModel);
        for (int i = 0; i < proxies.size(); i++) {
            assertMapsClose(literal.signedMap(image, proxies.get(i)), together.get(i), 1e-5);
        }
    }

    @Test
    void proxyBatchedBackwardGivesTheBasisMapsOnBothHeads() {
        for (EmbeddingModel model : List.of(linearModel, mlpModel)) {
            EmbeddingCam cam = new EmbeddingCam(model);
            List<float[]> input = List.of(TestNetworks.randomInput(13));
            CamFeatures viaBasis = cam.analyze(input).get(0);
            CamFeatures forward = cam.forward(input).get(0);
            assertArrayEquals(viaBasis.embedding(), forward.embedding(), 1e-6f);
            List<Proxy> proxies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                proxies.add(new Proxy(TestNetworks.randomVector(900 + i, DIM)));
            }
            List<Grid> batched = cam.proxyBatch().signedMaps(forward, proxies);
            for (int i = 0; i < proxies.size(); i++) {
                assertMapsClose(viaBasis.signedMap(proxies.get(i)), batched.get(i), 1e-5);
            }
        }
    }

    @Test
    void scalingTheProxyLeavesTheNormalizedHeatmapUnchanged() {
        CamFeatures image = new EmbeddingCam(mlpModel).analyze(List.of(TestNetworks.randomInput(5))).get(0);
        float[] p = TestNetworks.randomVector(300, DIM);
        Grid reference = image.signedMap(new Proxy(p)).relu().normalized();
        for (float c : new float[] {0.01f, 3f, 1000f}) {
            float[] scaled = p.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= c;
            }
            assertMapsClose(reference, image.signedMap(new Proxy(scaled)).relu().normalized(), 1e-5);
        }
    }

    @Test
    void signedMapCellsSumToTheScoreLessTheBiasTerm() {
        float[] b = LINEAR[0].getParameters().get("bias").getArray().toFloatArray();
        CamFeatures image = new EmbeddingCam(linearModel).analyze(List.of(TestNetworks.randomInput(6))).get(0);
        for (int trial = 0; trial < 5; trial++) {
            Proxy p = new Proxy(TestNetworks.randomVector(400 + trial, DIM));
            double expected = Vectors.dot(image.embedding(), p.values()) - Vectors.dot(b, p.values());
            double actual = image.signedMap(p).sum();
            assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void eachCellsShareOfTheScoreIsItsSignedValueOverTheSum() {
        CamFeatures image = new EmbeddingCam(linearModel).analyze(List.of(TestNetworks.randomInput(14))).get(0);
        // p = y - b makes the cells' sum |y - b|^2, well away from zero: shares of a sum near zero mean nothing.
        float[] b = LINEAR[0].getParameters().get("bias").getArray().toFloatArray();
        float[] p = image.embedding();
        for (int i = 0; i < p.length; i++) {
            p[i] -= b[i];
        }
        Grid signed = image.signedMap(new Proxy(p));
        assertEquals(Vectors.dot(p, p), signed.sum(), 1e-4 * Vectors.dot(p, p));
        Grid shares = signed.shareOfSum();
        assertEquals(1.0, shares.sum(), 1e-5);
        assertEquals(signed.get(3, 4) / signed.sum(), shares.get(3, 4), 1e-6);
        Grid imageMap = signed.relu().normalized().upsampleBilinear(30, 40);
        assertEquals(30, imageMap.height());
        assertEquals(40, imageMap.width());
        // The grid's peak normalizes to 1; half-pixel bilinear sampling need not land on its centre.
        assertEquals(1f, signed.relu().normalized().max(), 0f);
        assertTrue(imageMap.max() <= 1f && imageMap.max() > 0.5f);
    }

    @Test
    void topChannelsKeepOnlyTheLargestWeightsAndAllChannelsEqualTheBasis() {
        CamFeatures image = new EmbeddingCam(mlpModel).analyze(List.of(TestNetworks.randomInput(7))).get(0);
        Proxy p = new Proxy(TestNetworks.randomVector(500, DIM));
        assertMapsClose(image.signedMap(p), image.signedMap(p, TestNetworks.CHANNELS), 1e-5);

        float[] a = image.channelWeights(p);
        int best = 0;
        for (int k = 1; k < a.length; k++) {
            if (a[k] > a[best]) {
                best = k;
            }
        }
        float[] maps = image.featureMaps();
        Grid top1 = image.signedMap(p, 1);
        for (int c = 0; c < CELLS; c++) {
            assertEquals(a[best] * maps[best * CELLS + c], top1.values()[c], 1e-6);
        }
    }

    @Test
    void aBatchGivesTheSameFeaturesAsOneImageAtATime() {
        EmbeddingCam cam = new EmbeddingCam(mlpModel);
        List<float[]> inputs = List.of(TestNetworks.randomInput(8), TestNetworks.randomInput(9), TestNetworks.randomInput(10));
        List<CamFeatures> batch = cam.analyze(inputs);
        Proxy p = new Proxy(TestNetworks.randomVector(600, DIM));
        for (int i = 0; i < inputs.size(); i++) {
            CamFeatures single = cam.analyze(List.of(inputs.get(i))).get(0);
            assertArrayEquals(single.embedding(), batch.get(i).embedding(), 1e-5f);
            assertArrayEquals(single.embedding(), cam.embed(List.of(inputs.get(i)))[0], 1e-5f);
            assertMapsClose(single.signedMap(p), batch.get(i).signedMap(p), 1e-5);
        }
    }

    @Test
    void concurrentExplanationsOnANonLinearHeadShareTheGradientCollectorSafely() throws Exception {
        EmbeddingCam cam = new EmbeddingCam(mlpModel);
        LiteralEmbeddingCam literal = new LiteralEmbeddingCam(mlpModel);
        Proxy p = new Proxy(TestNetworks.randomVector(1000, DIM));
        List<float[]> inputs = new ArrayList<>();
        List<Grid> serial = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(TestNetworks.randomInput(30 + i));
            serial.add(cam.analyze(List.of(inputs.get(i))).get(0).signedMap(p));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Grid[]>> futures = new ArrayList<>();
            for (float[] input : inputs) {
                futures.add(pool.submit(() -> {
                    CamFeatures image = cam.analyze(List.of(input)).get(0);
                    return new Grid[] {image.signedMap(p), literal.signedMap(image, p)};
                }));
            }
            for (int i = 0; i < inputs.size(); i++) {
                Grid[] maps = futures.get(i).get();
                assertMapsClose(serial.get(i), maps[0], 1e-5);
                assertMapsClose(serial.get(i), maps[1], 1e-5);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theStoredBasisGivesTheSameNormalizedHeatmapWithinTheTarget() {
        CamFeatures image = new EmbeddingCam(linearModel).analyze(List.of(TestNetworks.randomInput(12))).get(0);
        CamBasis basis = image.basis();
        byte[] stored = BasisCodec.encode(basis, image.embedding());
        CamBasis restored = BasisCodec.decode(basis.dim(), basis.height(), basis.width(), stored);
        assertEquals(BasisCodec.length(DIM, basis.height(), basis.width()), stored.length);
        Proxy own = Proxy.singlePoint(image.embedding());
        assertMapsClose(basis.signedMap(own).relu().normalized(), restored.signedMap(own).relu().normalized(), 1e-3);
        Proxy p = new Proxy(TestNetworks.randomVector(700, DIM));
        assertMapsClose(basis.signedMap(p).relu().normalized(), restored.signedMap(p).relu().normalized(), 0.02);
    }

    @Test
    void normalizedMeanProxyIsTheUnitMeanOfUnitEmbeddings() {
        Proxy p = Proxy.normalizedMean(List.of(new float[] {3, 0}, new float[] {0, 10}));
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, p.vector(), 1e-6f);
    }

    static void assertBasisMatchesLiteral(EmbeddingModel model) {
        LiteralEmbeddingCam literal = new LiteralEmbeddingCam(model);
        List<CamFeatures> images = new EmbeddingCam(model).analyze(List.of(TestNetworks.randomInput(20), TestNetworks.randomInput(21)));
        for (CamFeatures image : images) {
            for (int trial = 0; trial < 5; trial++) {
                Proxy p = new Proxy(TestNetworks.randomVector(800 + trial, DIM));
                Grid expected = literal.signedMap(image, p);
                assertMapsClose(expected, image.signedMap(p), 1e-5);
                assertMapsClose(expected.relu(), image.signedMap(p).relu(), 1e-5);
            }
        }
    }

    /** Grad-CAM as the original paper defines it: the gradient of one class score, y_c. */
    private static Grid gradCamFromClassScore(EmbeddingModel model, float[] featureMap, int cls) {
        float[] weights = Autograd.run(collector -> {
            try (NDManager scratch = model.manager().newSubManager()) {
                NDArray a = scratch.create(featureMap, new Shape(1, TestNetworks.CHANNELS, TestNetworks.FEATURE, TestNetworks.FEATURE));
                a.setRequiresGradient(true);
                NDArray classScore = model.headForGradient(a).get(0, cls);
                collector.backward(classScore);
                return a.getGradient().reshape(1, TestNetworks.CHANNELS, -1).mean(new int[] {2}).toFloatArray();
            }
        });
        float[] map = new float[CELLS];
        for (int c = 0; c < CELLS; c++) {
            for (int k = 0; k < weights.length; k++) {
                map[c] += weights[k] * featureMap[k * CELLS + c];
            }
        }
        return new Grid(TestNetworks.FEATURE, TestNetworks.FEATURE, map);
    }

    static void assertMapsClose(Grid expected, Grid actual, double relativeTolerance) {
        assertEquals(expected.height(), actual.height());
        assertEquals(expected.width(), actual.width());
        float[] e = expected.values();
        float[] a = actual.values();
        double scale = Math.max(1e-12, maxAbs(e));
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst <= relativeTolerance * scale,
                "maps differ by " + worst + " (scale " + scale + ", tolerance " + relativeTolerance + " relative)");
    }

    static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
