package io.camsearch.cam;

import static io.camsearch.cam.EmbeddingCamTest.assertMapsClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every method behind the seam gives the same signed maps where they should agree, on a real non-linear head. */
class CamMethodTest {

    private static BlockEmbeddingModel model;

    @BeforeAll
    static void buildNetwork() {
        model = TestNetworks.mlpHead(23);
    }

    @AfterAll
    static void closeNetwork() {
        model.close();
    }

    private static List<Proxy> proxies(int count) {
        List<Proxy> proxies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            proxies.add(new Proxy(TestNetworks.randomVector(300 + i, TestNetworks.DIM)));
        }
        return proxies;
    }

    @Test
    void basisProxyBatchLiteralAndAllTopChannelsGiveTheSameMaps() {
        EmbeddingCam cam = new EmbeddingCam(model);
        List<float[]> input = List.of(TestNetworks.randomInput(31));
        CamFeatures analyzed = cam.analyze(input).get(0);
        CamFeatures forward = cam.forward(input).get(0);
        List<Proxy> proxies = proxies(3);
        List<Grid> literal = new LiteralEmbeddingCam(model).signedMaps(forward, proxies);
        List<CamMethod> methods = List.of(ThroughBasis.INSTANCE, cam.proxyBatch(), new TopChannels(analyzed.channels()));
        for (CamMethod method : methods) {
            List<Grid> maps = method.signedMaps(analyzed, proxies);
            assertEquals(proxies.size(), maps.size(), method + " answers one map per proxy");
            for (int i = 0; i < proxies.size(); i++) {
                assertMapsClose(literal.get(i), maps.get(i), 1e-5);
            }
        }
    }

    @Test
    void aCounterfactualIsTheMethodsMapNegatedCellByCell() {
        CamFeatures image = new EmbeddingCam(model).analyze(List.of(TestNetworks.randomInput(32))).get(0);
        List<Proxy> proxies = proxies(2);
        List<Grid> signed = ThroughBasis.INSTANCE.signedMaps(image, proxies);
        List<Grid> against = new Counterfactual(ThroughBasis.INSTANCE).signedMaps(image, proxies);
        for (int i = 0; i < proxies.size(); i++) {
            float[] s = signed.get(i).values();
            float[] c = against.get(i).values();
            for (int cell = 0; cell < s.length; cell++) {
                assertEquals(-s[cell], c[cell], 0f, "cell " + cell);
            }
            assertTrue(signed.get(i).max() > 0 && signed.get(i).min() < 0, "the fixture's map has cells on both sides");
        }
        assertThrows(IllegalArgumentException.class, () -> new Counterfactual(new Counterfactual(ThroughBasis.INSTANCE)));
    }

    @Test
    void aStoredItemServesTheBasisMethodAndNamesWhatOtherMethodsLack() {
        CamFeatures analyzed = new EmbeddingCam(model).analyze(List.of(TestNetworks.randomInput(33))).get(0);
        CamFeatures stored = CamFeatures.stored(analyzed.embedding(), analyzed.basis());
        Proxy p = proxies(1).get(0);
        assertEquals(analyzed.signedMap(p), ThroughBasis.INSTANCE.signedMap(stored, p));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TopChannels(3).signedMap(stored, p));
        assertTrue(e.getMessage().contains("feature map") || e.getMessage().contains("gradient matrix"), e.getMessage());
    }
}
