package io.camsearch.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real KRaft cluster of {@value #NODES} nodes, each a {@link KafkaBroker} process (broker and
 * controller in one) with its own ports and data directory under one directory: replication factor
 * {@value #NODES} and {@code min.insync.replicas} 2 for internal and new topics, so that {@code
 * acks=all} writes, the controller quorum and the group coordinator all go on with one node down.
 * A node can be killed ({@link #kill}) and {@link #restart}ed on its own data directory and ports,
 * as a crashed broker comes back.
 */
public final class KafkaCluster implements AutoCloseable {

    public static final int NODES = 3;
    /** Three JVMs share the machine with the tests and services: 384 MB each carries the tests' small records. */
    private static final String HEAP = "384m";
    /**
     * Three JVMs start at once, and answer only once all three run, each formatting its storage
     * first: on a 2-core machine under the tests' load that takes minutes, not seconds (see the
     * benchmarks page), so the wait is longer than a lone broker's.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final String classpath;
    private final String clusterId;
    private final List<Path> dataDirs;
    private final List<KafkaBroker.Node> nodes;
    private final KafkaBroker[] brokers;

    private KafkaCluster(String classpath, String clusterId, List<Path> dataDirs, List<KafkaBroker.Node> nodes) {
        this.classpath = classpath;
        this.clusterId = clusterId;
        this.dataDirs = dataDirs;
        this.nodes = nodes;
        this.brokers = new KafkaBroker[nodes.size()];
    }

    /**
     * Formats {@code dir/node-1} .. {@code dir/node-3} and starts the nodes, returning once each
     * sees all three as live brokers.
     *
     * @param classpath a class path holding {@code org.apache.kafka:kafka_2.13} and its dependencies
     */
    public static KafkaCluster start(Path dir, String classpath) throws IOException {
        List<Path> dataDirs = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            dataDirs.add(dir.resolve("node-" + id));
            controllerPorts.add(KafkaBroker.freePort());
        }
        String voters = IntStream.range(0, NODES).mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        List<KafkaBroker.Node> nodes = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            nodes.add(new KafkaBroker.Node(id, KafkaBroker.freePort(), controllerPorts.get(id - 1), voters, NODES, HEAP));
        }
        KafkaCluster cluster = new KafkaCluster(classpath, KafkaBroker.base64Uuid(), dataDirs, nodes);
        try {
            for (int i = 0; i < NODES; i++) {
                cluster.brokers[i] = cluster.launch(i);
            }
            for (KafkaBroker broker : cluster.brokers) {
                broker.awaitReadyOrClose(NODES, START_TIMEOUT);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** host:port of every node, for {@code bootstrap.servers}: a client reaches the cluster through any node that runs. */
    public String bootstrapServers() {
        return nodes.stream().map(node -> "localhost:" + node.brokerPort()).collect(Collectors.joining(","));
    }

    /** The node with {@code index} 0 .. 2 (its Kafka node id is index + 1). */
    public KafkaBroker node(int index) {
        return brokers[index];
    }

    /** Kills node {@code index} at once (SIGKILL, as {@code kill -9}). */
    public void kill(int index) {
        brokers[index].kill();
    }

    /** Starts node {@code index} again on its data directory and ports, returning once it sees all nodes live again. */
    public void restart(int index) throws IOException {
        if (brokers[index].isAlive()) {
            throw new IllegalStateException("node " + (index + 1) + " still runs: kill or close it before restarting it");
        }
        brokers[index] = launch(index);
        brokers[index].awaitReadyOrClose(NODES, START_TIMEOUT);
    }

    /** An admin client of the cluster, through every node. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<NewTopic> topics) throws IOException {
        try (Admin admin = admin()) {
            KafkaBroker.createTopics(admin, topics);
        }
    }

    /**
     * Stops every node that runs (SIGTERM, then SIGKILL); the data directories stay. All are
     * signalled first: a node stopped last, alone, waits for a controller quorum that is gone.
     */
    @Override
    public void close() {
        for (KafkaBroker broker : brokers) {
            if (broker != null) {
                broker.terminate();
            }
        }
        for (KafkaBroker broker : brokers) {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private KafkaBroker launch(int index) throws IOException {
        return KafkaBroker.launch(dataDirs.get(index), classpath, nodes.get(index), clusterId);
    }
}
