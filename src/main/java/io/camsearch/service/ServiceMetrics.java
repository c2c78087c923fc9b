package io.camsearch.service;

import io.camsearch.index.CatalogIndex;
import io.camsearch.ingest.ConsumerLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;

/** Gauges of the service's state: index size and consumer lag (counters and timers live where their events happen). */
@ApplicationScoped
public class ServiceMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, CatalogIndex index, ConsumerLag lag) {
        Gauge.builder("camsearch.index.items", index, ServiceMetrics::size).description("Items searchable in the catalog index").register(registry);
        Gauge.builder("camsearch.ingest.consumer.lag", lag, ConsumerLag::events)
                .description("catalog-images events published but not yet committed to the index").register(registry);
    }

    private static double size(CatalogIndex index) {
        try {
            return index.size();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
