package io.camsearch.service;

import io.camsearch.index.CatalogIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;

/** Gauges of the service's state: index size (the lag gauges live with {@link io.camsearch.ingest.ConsumerLag}, counters and timers where their events happen). */
@ApplicationScoped
public class ServiceMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, CatalogIndex index, Roles roles) {
        if (!roles.serves(Roles.Role.SEARCHER)) {
            return; // an embedder has no index, and must not open one
        }
        Gauge.builder("camsearch.index.items", index, ServiceMetrics::size).description("Items searchable in the catalog index").register(registry);
    }

    private static double size(CatalogIndex index) {
        try {
            return index.size();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
