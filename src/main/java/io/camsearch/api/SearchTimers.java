package io.camsearch.api;

import io.camsearch.search.ExplainMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The latency histograms of searches (by explain mode and query kind) and of explain requests. */
final class SearchTimers {

    private SearchTimers() {}

    static Timer search(MeterRegistry registry, ExplainMode mode) {
        return search(registry, mode, "image");
    }

    static Timer search(MeterRegistry registry, ExplainMode mode, String query) {
        return Timer.builder("camsearch.search").description("Search latency, embedding and heatmaps included")
                .tag("explain", mode.name().toLowerCase()).tag("query", query).publishPercentileHistogram().register(registry);
    }

    static Timer explain(MeterRegistry registry, String kind) {
        return Timer.builder("camsearch.explain").description("Explain request latency").tag("kind", kind)
                .publishPercentileHistogram().register(registry);
    }
}
