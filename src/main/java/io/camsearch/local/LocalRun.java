package io.camsearch.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole system on one machine: a Kafka broker, the service with the demo model, and the demo
 * catalog published through Kafka. Everything it starts stops when it stops (Ctrl-C included).
 *
 * @param projectDir where target/quarkus-app, target/cli-lib and target/broker-lib are
 * @param dataDir where the broker's log and the index live (kept between runs)
 */
public record LocalRun(Path projectDir, Path dataDir, int httpPort, int managementPort, int kafkaPort, int classes, int perClass) {

    public void run(PrintStream out) throws Exception {
        Path target = projectDir.resolve("target");
        String brokerClasspath = KafkaBroker.packagedClasspath(target);
        Files.createDirectories(dataDir);
        out.println("starting a Kafka broker (KRaft) on localhost:" + kafkaPort + ", data in " + dataDir.resolve("kafka"));
        KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), brokerClasspath, kafkaPort);
        ServiceProcess service = null;
        Thread stopper = null;
        try {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
            out.println("starting the service on http://localhost:" + httpPort + " (demo model, index in " + dataDir.resolve("index") + ")");
            service = ServiceProcess.start(target.resolve("quarkus-app/quarkus-run.jar"), httpPort, managementPort, Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "camsearch.index.path", dataDir.resolve("index").toAbsolutePath().toString()), null, "3g");
            ServiceProcess started = service;
            stopper = new Thread(() -> {
                started.close();
                broker.close();
            }, "local-run-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            service.awaitReady(Duration.ofMinutes(3));
            long published = publishedEvents(broker);
            DemoCatalog catalog = new DemoCatalog(classes, perClass);
            if (published >= catalog.size()) {
                out.println("the demo catalog was published by an earlier run (" + published + " events in " + CatalogPublisher.TOPIC + ")");
            } else {
                out.println("publishing the demo catalog: " + catalog.size() + " products through " + CatalogPublisher.TOPIC);
                try (CatalogPublisher publisher = new CatalogPublisher(broker.bootstrapServers())) {
                    catalog.publish(publisher, out);
                }
            }
            out.println();
            out.println("camsearch is running: open " + service.baseUrl() + "   (API: " + service.baseUrl() + "/q/swagger-ui)");
            out.println("health and metrics: " + service.managementUrl() + "/q/health, " + service.managementUrl() + "/q/metrics");
            out.println("publish more with any Kafka client to localhost:" + kafkaPort + ", topic " + CatalogPublisher.TOPIC + ". Ctrl-C stops everything.");
            int exit = service.process().waitFor();
            out.println("the service exited with " + exit);
        } finally {
            if (stopper != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook does the stopping
                    return;
                }
            }
            if (service != null) {
                service.close();
            }
            broker.close();
        }
    }

    private static long publishedEvents(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            var partitions = admin.describeTopics(List.of(CatalogPublisher.TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(CatalogPublisher.TOPIC).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(CatalogPublisher.TOPIC, p.partition()), OffsetSpec.latest()));
            long total = 0;
            for (var info : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
                total += info.offset();
            }
            return total;
        }
    }
}
