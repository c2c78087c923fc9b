package io.camsearch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * started from the Kafka jars on a given class path as its own JVM; also one node of a {@link
 * KafkaCluster}, which starts three of them as one quorum. The tests and the local run
 * use it because there is no Docker engine for Dev Services; being a separate process it can be
 * killed, and its data directory outlives it. Its client listener is PLAINTEXT, SASL_PLAINTEXT
 * with mechanism PLAIN and given users ({@link #startWithSaslPlain}), or SSL with a self-signed
 * certificate ({@link #startWithSsl}); the KRaft controller listener, which no client uses,
 * stays PLAINTEXT.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** A lone broker's heap: enough for the demo's inline images. */
    private static final String SINGLE_HEAP = "512m";

    /** The broker's own SASL user: between its listeners, and for {@link #admin()}. */
    private static final String BROKER_USER = "broker";

    private final Process process;
    private final String bootstrapServers;
    private final Path logFile;
    private final Map<String, String> clientSecurity;

    private KafkaBroker(Process process, String bootstrapServers, Path logFile, Map<String, String> clientSecurity) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.logFile = logFile;
        this.clientSecurity = clientSecurity;
    }

    /**
     * Formats {@code dataDir} (unless it already holds a formatted log) and starts a broker on it.
     *
     * @param classpath a class path holding {@code org.apache.kafka:kafka_2.13} and its dependencies
     * @param port the client port, or 0 for a free one
     */
    public static KafkaBroker start(Path dataDir, String classpath, int port) throws IOException {
        return start(dataDir, classpath, port, new Listener("PLAINTEXT", List.of()), Map.of());
    }

    /**
     * Like {@link #start(Path, String, int)}, with a SASL_PLAINTEXT client listener (mechanism
     * PLAIN) that accepts only the given users; clients connect with {@link #saslPlainClient}.
     *
     * @param users user name to password (letters, digits, '-', '_' and '.'); its server.properties holds them
     */
    public static KafkaBroker startWithSaslPlain(Path dataDir, String classpath, int port, Map<String, String> users) throws IOException {
        assert !users.isEmpty() : "a SASL listener without users accepts no client";
        String brokerPassword = UUID.randomUUID().toString();
        return start(dataDir, classpath, port, saslPlainListener(brokerPassword, users), saslPlainClient(BROKER_USER, brokerPassword));
    }

    /**
     * Like {@link #start(Path, String, int)}, with an SSL client listener whose certificate (for
     * localhost and 127.0.0.1, self-signed, made with the JDK's keytool) is new at every start;
     * clients trust it through {@link #clientSecurity()}.
     */
    public static KafkaBroker startWithSsl(Path dataDir, String classpath, int port) throws IOException {
        Path tls = Files.createDirectories(dataDir.resolve("tls"));
        String keyPassword = UUID.randomUUID().toString();
        String trustPassword = UUID.randomUUID().toString();
        Path keystore = tls.resolve("broker.p12");
        Path certificate = tls.resolve("broker.pem");
        Path truststore = tls.resolve("truststore.p12");
        for (Path old : List.of(keystore, certificate, truststore)) {
            Files.deleteIfExists(old);
        }
        Path log = tls.resolve("keytool.log");
        keytool(log, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", keyPassword);
        keytool(log, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", keyPassword, "-file", certificate.toString());
        keytool(log, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", trustPassword);
        Map<String, String> trust = Map.of("security.protocol", "SSL", "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", trustPassword, "ssl.truststore.type", "PKCS12");
        List<String> settings = new ArrayList<>(List.of("ssl.keystore.location=" + keystore, "ssl.keystore.password=" + keyPassword,
                "ssl.keystore.type=PKCS12"));
        // The broker is a client of its own listener too (inter-broker): it trusts the same certificate.
        trust.forEach((key, value) -> {
            if (key.startsWith("ssl.")) {
                settings.add(key + "=" + value);
            }
        });
        return start(dataDir, classpath, port, new Listener("SSL", settings), trust);
    }

    /**
     * The settings a client needs, besides bootstrap.servers, to authenticate with SASL PLAIN over
     * an unencrypted connection; the same keys (prefixed {@code kafka.}) configure the service.
     */
    public static Map<String, String> saslPlainClient(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + jaasValue(user)
                        + "\" password=\"" + jaasValue(password) + "\";");
    }

    /** @param clientSecurity what this class's own clients (admin) need besides bootstrap.servers */
    private static KafkaBroker start(Path dataDir, String classpath, int port, Listener listener, Map<String, String> clientSecurity)
            throws IOException {
        int controllerPort = freePort();
        Node node = new Node(1, port == 0 ? freePort() : port, controllerPort, "1@localhost:" + controllerPort, 1, SINGLE_HEAP);
        KafkaBroker broker = launch(dataDir, classpath, node, listener, clientSecurity, base64Uuid());
        broker.awaitReadyOrClose(1, START_TIMEOUT);
        return broker;
    }

    /**
     * A plain-text node of a KRaft quorum, launched without waiting for it (a quorum's nodes only
     * answer once a majority of them runs): {@link #awaitReadyOrClose} once all are launched.
     */
    static KafkaBroker launch(Path dataDir, String classpath, Node node, String clusterId) throws IOException {
        return launch(dataDir, classpath, node, new Listener("PLAINTEXT", List.of()), Map.of(), clusterId);
    }

    /**
     * Writes the node's server.properties, formats {@code dataDir} with {@code clusterId} unless it
     * already holds a formatted log (a restart), and starts the node's process.
     */
    private static KafkaBroker launch(Path dataDir, String classpath, Node node, Listener listener, Map<String, String> clientSecurity,
            String clusterId) throws IOException {
        Files.createDirectories(dataDir);
        Path logDir = dataDir.resolve("log");
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, serverProperties(node, logDir, listener), StandardCharsets.UTF_8);
        Path logFile = dataDir.resolve("broker.log");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int exit = run("kafka-storage format", javaCommand(node.heap(), classpath, "kafka.tools.StorageTool", "format", "-t", clusterId,
                    "-c", config.toString()), logFile, Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IOException("formatting Kafka storage in " + logDir + " failed (exit " + exit + "); see " + logFile);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(javaCommand(node.heap(), classpath, "kafka.Kafka", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return new KafkaBroker(builder.start(), "localhost:" + node.brokerPort(), logFile, clientSecurity);
    }

    /** Waits until this node answers and sees {@code nodes} live brokers, or stops it and throws. */
    void awaitReadyOrClose(int nodes, Duration timeout) throws IOException {
        try {
            awaitReady(nodes, timeout);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The client port: {@link #start} it again on this port and the same data directory, and clients reconnect to the same broker. */
    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    /** host:port for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * What this class's own clients use besides bootstrap.servers: nothing on PLAINTEXT; on SSL
     * the truststore that holds the broker's certificate (what any client needs); on SASL the
     * broker's own user.
     */
    public Map<String, String> clientSecurity() {
        return clientSecurity;
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<String> names, int partitions) throws IOException {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        createTopics(topics);
    }

    /** Creates the topics, with their settings, that do not exist yet. */
    public void createTopics(Collection<NewTopic> topics) throws IOException {
        try (Admin admin = admin()) {
            createTopics(admin, topics);
        }
    }

    /** Creates the topics that do not exist yet through {@code admin}. */
    static void createTopics(Admin admin, Collection<NewTopic> topics) throws IOException {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try {
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IOException("creating topics " + names + " failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("creating topics " + names + " timed out", e);
        }
    }

    /** An admin client of the broker (authenticated as the broker's own user on a SASL listener). */
    public Admin admin() {
        Map<String, Object> config = new HashMap<>(clientSecurity);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(config);
    }

    private void awaitReady(int nodes, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited with " + process.exitValue() + " while starting; see " + logFile);
                }
                try {
                    if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() >= nodes) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Kafka broker did not answer" + (nodes > 1 ? " with " + nodes + " live brokers" : "") + " within "
                            + timeout.toSeconds() + " s; see " + logFile);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** Kills the broker at once (SIGKILL, as {@code kill -9}): no clean shutdown, its data directory stays as the crash left it. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") outlived SIGKILL by 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the broker's process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the broker to stop (SIGTERM) without waiting for it; {@link #close} waits. */
    void terminate() {
        process.destroy();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s); its data directory stays. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A node's place in its KRaft quorum: broker and controller in one process.
     *
     * @param voters {@code controller.quorum.voters}: {@code id@host:controllerPort} of every node
     * @param replicas the replication factor of internal and new topics; {@code min.insync.replicas} is one less (at least 1),
     *     so that a quorum of three keeps taking {@code acks=all} writes with one node down
     * @param heap the JVM's maximum heap, e.g. {@code 384m}
     */
    record Node(int id, int brokerPort, int controllerPort, String voters, int replicas, String heap) {

        int minInsyncReplicas() {
            return Math.max(1, replicas - 1);
        }
    }

    /** The client listener: its name, which is also its security protocol, and its own server.properties lines. */
    private record Listener(String name, List<String> settings) {}

    /** A SASL_PLAINTEXT listener for the users; the broker itself talks to it as {@link #BROKER_USER}. */
    private static Listener saslPlainListener(String brokerPassword, Map<String, String> users) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER_USER
                + "\" password=\"" + brokerPassword + "\" user_" + BROKER_USER + "=\"" + brokerPassword + "\"");
        users.forEach((user, password) -> jaas.append(" user_").append(jaasValue(user)).append("=\"").append(jaasValue(password)).append('"'));
        return new Listener("SASL_PLAINTEXT", List.of(
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas + ";"));
    }

    /** JAAS options are quoted strings: keep to characters that need no escaping. */
    private static String jaasValue(String value) {
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("SASL user names and passwords here are letters, digits, '-', '_' and '.'");
        }
        return value;
    }

    private static String serverProperties(Node node, Path logDir, Listener listener) {
        String name = listener.name();
        int brokerPort = node.brokerPort();
        int controllerPort = node.controllerPort();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + node.voters(),
                "listeners=" + name + "://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=" + name + "://localhost:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + name,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + name + ":" + name,
                String.join("\n", listener.settings()),
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=1",
                "default.replication.factor=" + node.replicas(),
                "min.insync.replicas=" + node.minInsyncReplicas(),
                "offsets.topic.replication.factor=" + node.replicas(),
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=" + node.replicas(),
                "transaction.state.log.min.isr=" + node.minInsyncReplicas(),
                "share.coordinator.state.topic.replication.factor=" + node.replicas(),
                "share.coordinator.state.topic.min.isr=" + node.minInsyncReplicas(),
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                // The local run and the tests publish images inline: allow messages up to 16 MiB.
                "message.max.bytes=16777216",
                "") ;
    }

    private static void keytool(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        int exit = run("keytool " + args[0], command, log, Duration.ofSeconds(60));
        if (exit != 0) {
            throw new IOException("keytool " + args[0] + " failed (exit " + exit + "); see " + log);
        }
    }

    private static List<String> javaCommand(String heap, String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static int run(String what, List<String> command, Path logFile, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within " + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The broker's class path in a packaged build: its own jars ({@code target/broker-lib}, provided
     * scope) and the application's ({@code target/cli-lib}, which hold the Kafka client).
     */
    public static String packagedClasspath(Path targetDir) throws IOException {
        if (!Files.isDirectory(targetDir.resolve("broker-lib"))) {
            throw new IOException(targetDir.resolve("broker-lib") + " is missing; build first: ./mvnw package -DskipTests");
        }
        return targetDir.resolve("broker-lib") + "/*" + java.io.File.pathSeparator + targetDir.resolve("cli-lib") + "/*";
    }

    /** A local TCP port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /**
     * Kafka cluster ids are 16 random bytes in URL-safe base64 without padding; like Kafka's own
     * Uuid.randomUuid, never one starting with '-' (1 in 64 would), which kafka-storage's argument
     * parser takes for an option ("argument --cluster-id/-t: expected one argument").
     */
    static String base64Uuid() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
