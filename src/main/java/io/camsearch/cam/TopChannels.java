package io.camsearch.cam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * S(p) from only the {@code count} channels with the largest weights a_k (ties: lower channel index
 * first). With {@code count >= K} it equals {@link ThroughBasis}'s map.
 */
public record TopChannels(int count) implements CamMethod {

    public TopChannels {
        if (count <= 0) {
            throw new IllegalArgumentException("topChannels must be > 0, got " + count);
        }
    }

    @Override
    public List<Grid> signedMaps(CamFeatures image, List<Proxy> proxies) {
        List<Grid> maps = new ArrayList<>(proxies.size());
        for (Proxy proxy : proxies) {
            maps.add(signedMap(image, proxy));
        }
        return maps;
    }

    @Override
    public Grid signedMap(CamFeatures image, Proxy proxy) {
        int channels = image.channels();
        float[] weights = image.channelWeights(proxy);
        boolean[] keep = new boolean[channels];
        IntStream.range(0, channels).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -weights[k]).thenComparingInt(k -> k))
                .limit(count)
                .forEach(k -> keep[k] = true);
        return ChannelMaps.weightedSum(weights, 0, channels, image.featureMapsView(), image.height(), image.width(), keep);
    }
}
