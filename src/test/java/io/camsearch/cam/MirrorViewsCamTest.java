package io.camsearch.cam;

import static io.camsearch.cam.EmbeddingCamTest.assertMapsClose;
import static io.camsearch.cam.EmbeddingCamTest.maxAbs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.core.Linear;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.image.ImageTensorizer;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.MirrorViews;
import io.camsearch.model.Models;
import io.camsearch.model.TestNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EmbeddingCAM on a network with {@link MirrorViews}, against the same network run on each view
 * separately (the image and its mirror image, mirrored here in plain Java, not by the class under
 * test), on real libtorch networks with a linear and a non-linear head and on the shipped demo
 * weights.
 */
class MirrorViewsCamTest {

    private static BlockEmbeddingModel linearModel;
    private static BlockEmbeddingModel mlpModel;

    @BeforeAll
    static void buildNetworks() {
        linearModel = TestNetworks.linearHead(7, new Linear[1]);
        mlpModel = TestNetworks.mlpHead(11);
    }

    @AfterAll
    static void closeNetworks() {
        linearModel.close();
        mlpModel.close();
    }

    @Test
    void embeddingIsTheMeanOfTheTwoViewsEmbeddingsForAPoolLinearHead() {
        float[] x = TestNetworks.randomInput(1);
        float[] y = new EmbeddingCam(linearModel).embed(List.of(x))[0];
        float[] yMirror = new EmbeddingCam(linearModel).embed(List.of(mirrorChw(x, TestNetworks.INPUT)))[0];
        float[] expected = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            expected[i] = (y[i] + yMirror[i]) / 2;
        }
        float[] actual = new EmbeddingCam(MirrorViews.of(linearModel)).embed(List.of(x))[0];
        assertArrayEquals(expected, actual, 1e-5f * maxAbs(expected));
        assertTrue(maxAbs(difference(y, yMirror)) > 1e-3f * maxAbs(y), "the two views differ, so the test can tell them apart");
    }

    @Test
    void signedMapIsTheMeanOfTheViewsMapsTheMirrorsFlippedBackForAPoolLinearHead() {
        float[] x = TestNetworks.randomInput(2);
        CamFeatures direct = new EmbeddingCam(linearModel).analyze(List.of(x)).get(0);
        CamFeatures mirror = new EmbeddingCam(linearModel).analyze(List.of(mirrorChw(x, TestNetworks.INPUT))).get(0);
        CamFeatures views = new EmbeddingCam(MirrorViews.of(linearModel)).analyze(List.of(x)).get(0);
        for (int trial = 0; trial < 5; trial++) {
            Proxy p = new Proxy(TestNetworks.randomVector(300 + trial, TestNetworks.DIM));
            Grid expected = mean(direct.signedMap(p), mirrorGrid(mirror.signedMap(p)));
            assertMapsClose(expected, views.signedMap(p), 1e-5);
            assertMapsClose(expected.negated().relu(), new Counterfactual(ThroughBasis.INSTANCE).signedMap(views, p).relu(), 1e-5);
        }
    }

    @Test
    void aMirroredImageGetsTheSameEmbeddingAndMirroredMapsWhateverTheHead() {
        for (BlockEmbeddingModel network : List.of(linearModel, mlpModel)) {
            EmbeddingCam cam = new EmbeddingCam(MirrorViews.of(network));
            float[] x = TestNetworks.randomInput(3);
            List<CamFeatures> both = cam.analyze(List.of(x, mirrorChw(x, TestNetworks.INPUT)));
            float[] y = both.get(0).embedding();
            assertArrayEquals(y, both.get(1).embedding(), 1e-5f * maxAbs(y));
            Proxy p = new Proxy(TestNetworks.randomVector(400, TestNetworks.DIM));
            assertMapsClose(mirrorGrid(both.get(0).signedMap(p)), both.get(1).signedMap(p), 1e-5);
        }
    }

    @Test
    void theBasisAgreesWithLiteralAutogradOnTheAveragedFeatureMapWhateverTheHead() {
        EmbeddingCamTest.assertBasisMatchesLiteral(MirrorViews.of(linearModel));
        EmbeddingCamTest.assertBasisMatchesLiteral(MirrorViews.of(mlpModel));
    }

    @Test
    void theDemoModelRunsWithMirrorViewsAndItsGuidedGradientFollowsBothViews() throws Exception {
        try (EmbeddingModel demo = Models.open(Models.DEMO)) {
            MirrorViews views = assertInstanceOf(MirrorViews.class, demo, "the service's demo model has mirror views");
            EmbeddingModel network = views.network();
            int size = demo.descriptor().inputWidth();
            DecodedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(Files.readAllBytes(Path.of("src/test/resources/images/orientation-1.jpg")));
            float[] x = new ImageTensorizer(demo.descriptor().preprocessing()).toChw(image);
            float[] mx = mirrorChw(x, size);
            Proxy p = Proxy.singlePoint(new EmbeddingCam(demo).embed(List.of(x))[0]);

            // A pool -> linear head passes the same gradient to every cell, so each view's guided
            // gradient is the one-view network's for that view, and the mirror's is flipped back.
            GuidedGradCam oneView = new GuidedGradCam(network);
            float[] direct = oneView.guidedGradient(x, p);
            float[] viaMirror = mirrorChw(oneView.guidedGradient(mx, p), size);
            float[] expected = new float[direct.length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (direct[i] + viaMirror[i]) / 2;
            }
            GuidedGradCam both = new GuidedGradCam(demo);
            float[] actual = both.guidedGradient(x, p);
            assertArrayEquals(expected, actual, 1e-4f * maxAbs(expected));
            assertArrayEquals(mirrorChw(actual, size), both.guidedGradient(mx, p), 1e-4f * maxAbs(actual), "mirror-equivariant");
            assertTrue(maxAbs(difference(direct, viaMirror)) > 0.05f * maxAbs(direct), "the two views' gradients differ");
        }
    }

    /** A 3 x s x s CHW input mirrored left-right, independently of {@link MirrorViews}. */
    static float[] mirrorChw(float[] chw, int size) {
        int plane = size * size;
        assert chw.length == 3 * plane : chw.length + " values for 3 x " + size + " x " + size;
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[c * plane + y * size + x] = chw[c * plane + y * size + (size - 1 - x)];
                }
            }
        }
        return out;
    }

    private static Grid mirrorGrid(Grid grid) {
        int h = grid.height();
        int w = grid.width();
        float[] in = grid.values();
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = in[y * w + (w - 1 - x)];
            }
        }
        return new Grid(h, w, out);
    }

    private static Grid mean(Grid a, Grid b) {
        float[] x = a.values();
        float[] y = b.values();
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (x[i] + y[i]) / 2;
        }
        return new Grid(a.height(), a.width(), out);
    }

    private static float[] difference(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }
}
