package io.camsearch.scale;

import io.camsearch.index.SourceVersion;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.KafkaCluster;
import io.camsearch.local.ServiceProcess;
import io.camsearch.support.ServiceHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The scaled-out system of {@link ScaleOutIT}: a 3-node KRaft cluster and the packaged service
 * started as embedder and searcher processes, each with its own ports, index directory and log;
 * and what the test asks Kafka (end offsets, the embedder group, the catalog's latest events).
 */
final class ScaleOutSystem implements AutoCloseable {

    static final Path RUN_JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final String CATALOG_TOPIC = CatalogPublisher.TOPIC;
    static final String EMBEDDER_GROUP = "camsearch-embedder";
    /** Two embedders take two partitions each. */
    static final int CATALOG_PARTITIONS = 4;
    static final int EMBEDDINGS_PARTITIONS = 6;
    static final int REPLICATION = KafkaCluster.NODES;
    static final int MIN_INSYNC = 2;
    /** Seven processes and the test share 2 cores and 24 GB: a modest heap each (the demo model's batches are a few MB). */
    private static final String HEAP = "512m";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    /** One service process: its name (also its group instance id), index directory, log and HTTP client. */
    static final class Service {
        private final String name;
        private final ServiceProcess process;
        private final Path index;
        private final Path log;
        private final ServiceHttp http;

        private Service(String name, ServiceProcess process, Path index, Path log) {
            this.name = name;
            this.process = process;
            this.index = index;
            this.log = log;
            this.http = new ServiceHttp(process, Duration.ofSeconds(10));
        }

        String name() {
            return name;
        }

        Path index() {
            return index;
        }

        ServiceHttp http() {
            return http;
        }

        ServiceProcess process() {
            return process;
        }

        boolean isAlive() {
            return process.process().isAlive();
        }

        void awaitReady() throws IOException {
            process.awaitReady(START_TIMEOUT);
        }

        /** SIGKILL: no shutdown, no commit. */
        void kill() throws InterruptedException {
            process.kill();
        }

        /** SIGTERM (a clean stop: the index commits what it applied). */
        void stop() {
            process.close();
        }

        String logText() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + log, e);
            }
        }

        /** The end of its log, to quote in a failure. */
        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return "\n--- the end of " + name + "'s log " + log + " (" + (isAlive() ? "running" : "exited") + "):\n  "
                        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "\n--- " + name + "'s log " + log + " could not be read: " + e.getMessage();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Path dir;
    private final KafkaCluster cluster;
    private final List<Service> services = new ArrayList<>();

    private ScaleOutSystem(Path dir, KafkaCluster cluster) {
        this.dir = dir;
        this.cluster = cluster;
    }

    /** Starts the cluster in {@code dir/kafka} and creates the catalog's topics, replicated on every node. */
    static ScaleOutSystem start(Path dir) throws IOException {
        KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka"), System.getProperty("java.class.path"));
        try {
            cluster.createTopics(CatalogPublisher.topics(CATALOG_PARTITIONS, (short) REPLICATION));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return new ScaleOutSystem(dir, cluster);
    }

    KafkaCluster cluster() {
        return cluster;
    }

    /**
     * Starts the service with {@code roles} (not waiting for it), named {@code name}: its log is
     * {@code <name>.log}, its group instance id {@code name}.
     *
     * @param index its index directory
     * @param extra settings over the common ones (e.g. another model)
     */
    Service start(String name, String roles, Path index, Map<String, String> extra) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        config.put("camsearch.roles", roles);
        // Static group members: two on one host must not share the host name as their id.
        config.put("camsearch.instance-id", name);
        config.put("camsearch.index.path", index.toString());
        config.put("camsearch.embeddings.partitions", Integer.toString(EMBEDDINGS_PARTITIONS));
        config.put("camsearch.embeddings.replication-factor", Integer.toString(REPLICATION));
        config.put("camsearch.embeddings.min-insync-replicas", Integer.toString(MIN_INSYNC));
        // Small polls and model batches, so that a kill lands in the middle of an embedder's work.
        config.put("mp.messaging.incoming.catalog-images.max.poll.records", "16");
        config.put("camsearch.ingest.model-batch", "8");
        // The group drops a killed embedder after 10 s instead of Kafka's default 45 s (the test waits for it).
        config.put("kafka.session.timeout.ms", "10000");
        // Read-your-writes searches may wait longer than the default 5 s: on a busy machine a fresh event takes a while to embed.
        config.put("camsearch.search.max-consistency-wait", "30s");
        config.putAll(extra);
        Path log = dir.resolve(name + ".log");
        ServiceProcess process = ServiceProcess.start(RUN_JAR, KafkaBroker.freePort(), KafkaBroker.freePort(), config, log, HEAP);
        Service service = new Service(name, process, index, log);
        services.add(service);
        return service;
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    /** The end of every started process's log, for a failure whose culprit is not known. */
    String logTails() {
        return services.stream().map(Service::logTail).collect(Collectors.joining());
    }

    /** Each partition's end offset. */
    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            TopicDescription description = describe(admin, topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            admin.listOffsets(latest).all().get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    TopicDescription describe(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return describe(admin, topic);
        }
    }

    /** A topic setting as the broker reports it. */
    String topicConfig(String topic, String key) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(resource).get(key).value();
        }
    }

    /** The topics whose name starts with {@code prefix}. */
    List<String> topics(String prefix) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listTopics().names().get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix))
                    .sorted().toList();
        }
    }

    /** The group's members, each with the partitions assigned to it. */
    Map<String, List<Integer>> groupAssignment(String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(group);
            Map<String, List<Integer>> members = new TreeMap<>();
            description.members().forEach(member -> members.put(member.groupInstanceId().orElse(member.consumerId()),
                    member.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted().toList()));
            return members;
        }
    }

    /** The group's committed offsets. */
    Map<TopicPartition, Long> groupOffsets(String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            committed.forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        }
    }

    /**
     * Where each live item's latest event sits in {@code catalog-images}: what a searcher's index
     * must store as its version. Read from the beginning of every partition to its end.
     */
    Map<String, SourceVersion> latestCatalogEvents() throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(CATALOG_TOPIC);
        Map<String, SourceVersion> latest = new TreeMap<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        try (var consumer = new KafkaConsumer<String, byte[]>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + CATALOG_TOPIC + " to its end offsets " + ends + " within a minute");
                }
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), new SourceVersion(record.partition(), record.offset()));
                    }
                }
            }
        }
        return latest;
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
    }

    /** Stops every process still running (SIGTERM), then the cluster. */
    @Override
    public void close() {
        for (Service service : services) {
            service.stop();
        }
        cluster.close();
    }
}
