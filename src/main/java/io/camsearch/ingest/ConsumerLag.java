package io.camsearch.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Events published but not yet in the index, and whether the consumer hears from the broker: a
 * {@link ConsumerView} is read on the consumer's polling thread every {@link #REFRESH} and kept as
 * {@link IngestionProgress}, which the gauges and the health checks read. Nothing here asks the
 * broker, so a scrape or a probe answers at once whether the broker is up or not (it used to ask
 * for end offsets on every scrape, and waited up to 15 s while the broker was down).
 *
 * <p>The view is read with SmallRye's {@code runOnPollingThread}: the read is queued on the
 * consumer's single polling thread and runs between two polls (each returns within the poll
 * timeout, 1 s, broker or not), so it never touches the consumer concurrently (a Kafka consumer
 * is single-threaded). The scheduler's thread waits for the read (at most {@link #VIEW_TIMEOUT}) and
 * does the rest itself: only the read runs on the polling thread, which must never wait on this
 * bean's collaborators (at start-up that would be CDI creating the ingestion beans while start-up
 * waits on the consumer). One read at a time; if the polling thread stops taking them, the
 * progress goes stale and reads as unknown.
 *
 * <p>Measured against the index's commits, not Kafka's group offsets, because those are the
 * offsets that count. Meters: {@code camsearch.ingest.consumer.lag} (all partitions) and
 * {@code camsearch.ingest.partition.lag} (tags topic, partition; one per assigned partition);
 * NaN when unknown.
 */
@ApplicationScoped
public class ConsumerLag {

    static final Duration REFRESH = Duration.ofSeconds(1);
    /** Ten polls' time: a read not done by then is given up, and the next one queued. */
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    @Inject
    KafkaClientService clients;

    @Inject
    CatalogImagesConsumer consumer;

    @Inject
    MeterRegistry registry;

    private final ProgressTracker tracker = new ProgressTracker();
    private volatile IngestionProgress progress = IngestionProgress.NONE;
    private ScheduledExecutorService scheduler;
    private MultiGauge partitionLags;
    private Set<TopicPartition> gaugedPartitions = Set.of();

    void start(@Observes StartupEvent start) {
        Gauge.builder("camsearch.ingest.consumer.lag", this, ConsumerLag::events)
                .description("catalog-images events published but not yet committed to the index; NaN when unknown").register(registry);
        partitionLags = MultiGauge.builder("camsearch.ingest.partition.lag")
                .description("catalog-images events of one partition published but not yet committed to the index; NaN when unknown").register(registry);
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("catalog-images-progress").factory());
        scheduler.scheduleWithFixedDelay(this::view, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The progress as last seen; read it with {@link System#nanoTime()} as now. */
    public IngestionProgress progress() {
        return progress;
    }

    /** The total lag over the assigned partitions; NaN when unknown now. */
    public double events() {
        return progress.totalLag(System.nanoTime());
    }

    private void view() {
        try {
            KafkaConsumer<String, byte[]> kafka = clients.getConsumer(CatalogImagesConsumer.CHANNEL);
            if (kafka == null) {
                return;
            }
            Function<org.apache.kafka.clients.consumer.Consumer<String, byte[]>, ConsumerView> read = c -> ConsumerView.of(c, System.nanoTime());
            seen(kafka.runOnPollingThread(read).await().atMost(VIEW_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.debugf(e, "reading the catalog-images consumer's progress failed");
        }
    }

    private void seen(ConsumerView view) {
        IngestionProgress now = tracker.update(view, consumer.positions());
        progress = now;
        if (!now.assigned().equals(gaugedPartitions)) {
            gaugedPartitions = now.assigned();
            partitionLags.register(now.assigned().stream().map(p -> MultiGauge.Row.of(
                    Tags.of("topic", p.topic(), "partition", Integer.toString(p.partition())), this,
                    lag -> lag.progress.lag(p, System.nanoTime()))).toList(), true);
        }
    }

    /** The partitions assigned at the last view, as {@code <topic>-<partition>}. */
    public List<String> assignedPartitions() {
        return progress.assigned().stream().map(p -> p.topic() + "-" + p.partition()).sorted().toList();
    }
}
