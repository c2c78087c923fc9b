package io.camsearch.explain;

import io.camsearch.cam.CamMethod;
import io.camsearch.cam.Localizer;
import io.camsearch.cam.ThroughBasis;
import io.camsearch.cam.TopChannels;

/**
 * How a heatmap is made: over all channels or only the {@code topChannels} with the largest
 * weights, and the localization threshold t (the box covers the largest region above t x max).
 *
 * @param topChannels 0 for all channels, else the number of channels kept
 * @param threshold t in (0, 1]
 */
public record CamOptions(int topChannels, double threshold) {

    public static final CamOptions DEFAULT = new CamOptions(0, Localizer.DEFAULT_THRESHOLD);

    public CamOptions {
        if (topChannels < 0) {
            throw new IllegalArgumentException("topChannels must be 0 (all) or positive, got " + topChannels);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
    }

    /** The method these options name: through the basis over all channels, or the top channels only. */
    public CamMethod method() {
        return topChannels > 0 ? new TopChannels(topChannels) : ThroughBasis.INSTANCE;
    }
}
