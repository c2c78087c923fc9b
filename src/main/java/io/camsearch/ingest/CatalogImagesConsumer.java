package io.camsearch.ingest;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.index.CatalogIndex;
import io.camsearch.source.ImageFetcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The {@code catalog-images} channel: each polled batch goes through the {@link CatalogIngestor}.
 * A failure other than a rejected event fails the channel without committing, so that nothing is
 * lost; the liveness check then reports it, so that a restart (which recovers it) follows.
 */
@ApplicationScoped
public class CatalogImagesConsumer {

    static final String CHANNEL = "catalog-images";
    private static final Logger LOG = Logger.getLogger(CatalogImagesConsumer.class);

    private final CatalogIngestor ingestor;
    private final MeterRegistry metrics;
    private final Timer batchTimer;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Throwable failure;
    private volatile boolean stopping;
    /** {@link System#nanoTime()} when the last polled batch arrived, for the ingestion health check. */
    private volatile long lastBatchAt = IngestionProgress.NEVER;

    @Inject
    public CatalogImagesConsumer(IngestSettings settings, ImageFetcher fetcher, ImageDecoder decoder, ImageExplainer explainer, CatalogIndex index,
                                 KafkaDeadLetterSink deadLetters, MeterRegistry metrics) throws IOException {
        this.ingestor = new CatalogIngestor(fetcher, decoder, new ModelEmbedder(explainer, settings.modelThreads()), index, deadLetters, settings);
        this.metrics = metrics;
        this.batchTimer = Timer.builder("camsearch.ingest.batch").description("Time from taking in a polled batch to its changes being in the index")
                .publishPercentileHistogram().register(metrics);
        for (String outcome : new String[] {"upserted", "deleted", "rejected"}) {
            count(outcome, 0);
        }
    }

    /**
     * Hands the batch to the ingestor's pipeline and returns once it is taken in, not applied: the
     * next poll overlaps with this batch's embedding. The pipeline holds this thread back while it
     * is full. The offsets that count are committed with the index, so nothing is acknowledged to
     * Kafka here; a pipeline failure refuses the next batch, which fails the channel.
     */
    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) throws IOException {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        long start = System.nanoTime();
        lastBatchAt = start;
        try {
            ingestor.submit(batch).whenComplete((report, error) -> {
                if (error != null) {
                    failed(batch.size(), error);
                } else {
                    applied(report, System.nanoTime() - start);
                }
            });
        } catch (IOException | RuntimeException e) {
            failed(batch.size(), e);
            throw e;
        }
    }

    private void failed(int records, Throwable e) {
        // At shutdown the batches still in the pipeline are cut short, not failed: a restart consumes them.
        if (failure == null && !stopping) {
            failure = e;
            LOG.errorf(e, "ingesting a batch of %d records failed; nothing of it was committed, it will be consumed again after a restart", records);
        }
    }

    private void applied(BatchReport report, long nanos) {
        batchTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        count("upserted", report.upserted());
        count("deleted", report.deleted());
        count("rejected", report.rejected().size());
        for (DeadLetter letter : report.rejected()) {
            counters.computeIfAbsent("dlq:" + letter.reason(), k -> Counter.builder("camsearch.ingest.dead.letters")
                    .description("Catalog events sent to the dead-letter topic").tag("reason", letter.reason()).register(metrics)).increment();
        }
        LOG.debugf("batch of %d: %d upserted, %d deleted, %d rejected; offsets %s",
                report.records(), report.upserted(), report.deleted(), report.rejected().size(), report.offsets());
    }

    /** The next offset to consume per partition, as committed with the index. */
    public Positions positions() {
        return ingestor.positions();
    }

    /** {@link System#nanoTime()} when the last polled batch arrived, {@link IngestionProgress#NEVER} before the first. */
    public long lastBatchAt() {
        return lastBatchAt;
    }

    /** The failure that stopped ingestion, or null while it runs. */
    public Throwable failure() {
        // A failed scheduled commit stops the ingestor without failing a batch this consumer sees.
        return failure != null ? failure : ingestor.failure();
    }

    private void count(String outcome, int n) {
        counters.computeIfAbsent(outcome, k -> Counter.builder("camsearch.ingest.events").description("Catalog events consumed, by outcome")
                .tag("outcome", outcome).register(metrics)).increment(n);
    }

    /**
     * At shutdown, before the index is closed: the ingestor commits what it applied, so a clean
     * restart re-consumes nothing. Only if this bean was made: a process that runs one role only
     * never makes it (its channel is off), and making it here would open the index.
     */
    void close(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent shutdown) {
        stopping = true;
        ingestor.close();
    }
}
