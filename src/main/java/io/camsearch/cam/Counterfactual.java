package io.camsearch.cam;

import java.util.ArrayList;
import java.util.List;

/**
 * The Grad-CAM paper's counterfactual explanation over any method: {@code -S(p)}, so that the
 * heatmap {@code ReLU(-S)} shows the regions that argue against the proxy (they lower {@code y .
 * p}): for a hit, "what differs". Negating the gradients, as the paper does, negates every channel
 * weight and so S; the ReLU then keeps the other side.
 */
public record Counterfactual(CamMethod of) implements CamMethod {

    public Counterfactual {
        if (of instanceof Counterfactual) {
            throw new IllegalArgumentException("the counterfactual of a counterfactual is the method itself");
        }
    }

    @Override
    public List<Grid> signedMaps(CamFeatures image, List<Proxy> proxies) {
        List<Grid> maps = new ArrayList<>(proxies.size());
        for (Grid signed : of.signedMaps(image, proxies)) {
            maps.add(signed.negated());
        }
        return maps;
    }
}
