package io.camsearch.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.local.KafkaBroker;
import io.camsearch.local.ServiceProcess;
import io.camsearch.support.CatalogImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service against brokers that take only SASL (PLAIN) clients, or only TLS clients
 * that trust a self-signed certificate. Configured through the pass-through {@code kafka.*}
 * settings, here as the environment variables a Kubernetes Secret would set, every client the
 * service makes connects: the consumer (the event becomes searchable) and the dead-letter producer
 * (a malformed event reaches the DLQ). With a wrong password, or without the broker's certificate,
 * it reports the failure (log, ingestion health) and ingests nothing. No
 * password ever appears in its log.
 */
class KafkaSecurityIT {

    private static final String SERVICE_PASSWORD = "svc-pw-7f3a9c21";
    private static final String WRONG_PASSWORD = "not-the-pw-5e8d0b44";
    private static final String CATALOG_PASSWORD = "catalog-pw-1d2c3b4a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RUN_JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    static Path dir;

    private static KafkaBroker sasl;
    private static KafkaBroker ssl;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBrokers() throws Exception {
        String classpath = System.getProperty("java.class.path");
        sasl = KafkaBroker.startWithSaslPlain(dir.resolve("kafka-sasl"), classpath, 0,
                Map.of("camsearch", SERVICE_PASSWORD, "catalog", CATALOG_PASSWORD));
        ssl = KafkaBroker.startWithSsl(dir.resolve("kafka-ssl"), classpath, 0);
        for (KafkaBroker broker : List.of(sasl, ssl)) {
            broker.createTopics(CatalogPublisher.topics(2, (short) 1));
        }
    }

    @AfterAll
    static void stopBrokers() {
        for (KafkaBroker broker : new KafkaBroker[] {sasl, ssl}) {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void withSaslCredentialsEveryClientOfTheServiceAuthenticates() throws Exception {
        Map<String, String> catalog = KafkaBroker.saslPlainClient("catalog", CATALOG_PASSWORD);
        Path log = dir.resolve("service-sasl.log");
        ingestsSearchesAndDeadLetters(sasl, catalog, KafkaBroker.saslPlainClient("camsearch", SERVICE_PASSWORD), log);
        assertFalse(Files.readString(log).contains(SERVICE_PASSWORD), "the password does not appear in the service's log");
    }

    @Test
    void withAWrongSaslPasswordTheServiceReportsTheFailedAuthenticationAndIngestsNothing() throws Exception {
        String log = refusedAndReported(sasl, KafkaBroker.saslPlainClient("catalog", CATALOG_PASSWORD),
                KafkaBroker.saslPlainClient("camsearch", WRONG_PASSWORD), "Authentication failed");
        assertFalse(log.contains(WRONG_PASSWORD), "the wrong password does not appear in the service's log");
        assertFalse(log.contains(SERVICE_PASSWORD), "nor the right one");
    }

    @Test
    void overTlsTrustingTheBrokersCertificateEveryClientOfTheServiceConnects() throws Exception {
        Path log = dir.resolve("service-ssl.log");
        ingestsSearchesAndDeadLetters(ssl, ssl.clientSecurity(), ssl.clientSecurity(), log);
        assertFalse(Files.readString(log).contains(ssl.clientSecurity().get("ssl.truststore.password")),
                "the truststore password does not appear in the service's log");
    }

    @Test
    void overTlsWithoutTheBrokersCertificateTheServiceReportsTheFailedHandshakeAndIngestsNothing() throws Exception {
        refusedAndReported(ssl, ssl.clientSecurity(), Map.of("security.protocol", "SSL"), "SSL handshake failed");
    }

    /** Publishes an event and a malformed one; the service, with these Kafka settings, indexes the first (found by a search) and dead-letters the second. */
    private void ingestsSearchesAndDeadLetters(KafkaBroker broker, Map<String, String> publisherSecurity, Map<String, String> serviceSecurity,
                                               Path log) throws Exception {
        String id = "secured-" + broker.bootstrapServers().replace(':', '-');
        byte[] image = CatalogImages.png(3, 11);
        try (CatalogPublisher publisher = new CatalogPublisher(client(broker, publisherSecurity), CatalogPublisher.TOPIC)) {
            publisher.upsert(id, image, Map.of("category", "secured"));
            publisher.send(id + "-malformed", "{not json".getBytes(StandardCharsets.UTF_8));
        }
        try (ServiceProcess service = ServiceProcess.start(RUN_JAR, KafkaBroker.freePort(), KafkaBroker.freePort(),
                serviceConfig(broker, log.getFileName() + "-index"), environment(serviceSecurity), log, "1g")) {
            service.awaitReady(Duration.ofMinutes(2));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> status(service, "/items/" + id) == 200);
            JsonNode result = search(service, image);
            assertEquals(id, result.path("hits").path(0).path("id").asText(), result.toString());
            assertEquals(List.of(id + "-malformed"), deadLetterKeys(broker, publisherSecurity), "the dead-letter producer connected");
        }
    }

    /**
     * Publishes an event the service, with these Kafka settings, cannot consume; returns its log
     * once the log names the failure, ingestion's health is DOWN and the event is still not indexed.
     */
    private String refusedAndReported(KafkaBroker broker, Map<String, String> publisherSecurity, Map<String, String> serviceSecurity,
                                      String failure) throws Exception {
        String id = "never-ingested";
        try (CatalogPublisher publisher = new CatalogPublisher(client(broker, publisherSecurity), CatalogPublisher.TOPIC)) {
            publisher.upsert(id, CatalogImages.png(5, 2), Map.of());
        }
        Path log = dir.resolve("service-refused-" + broker.bootstrapServers().replace(':', '-') + ".log");
        try (ServiceProcess service = ServiceProcess.start(RUN_JAR, KafkaBroker.freePort(), KafkaBroker.freePort(),
                serviceConfig(broker, log.getFileName() + "-index"), environment(serviceSecurity), log, "1g")) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> Files.readString(log).contains(failure));
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> status(service, "/items/" + id) == 404);
            // Searching does not need the broker, so readiness stays UP; ingestion's own health group reports it.
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            HttpResponse<String> ingestion = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/group/ingestion"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ingestion.statusCode(), ingestion.body());
            assertEquals(404, status(service, "/items/" + id), "nothing was consumed");
        }
        return Files.readString(log);
    }

    private static Map<String, String> serviceConfig(KafkaBroker broker, String index) {
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(), "camsearch.index.path", dir.resolve(index).toString());
    }

    /** kafka.security.protocol etc. as the environment variables a Secret would set (KAFKA_SASL_JAAS_CONFIG, ...). */
    private static Map<String, String> environment(Map<String, String> kafkaSettings) {
        Map<String, String> environment = new HashMap<>();
        kafkaSettings.forEach((key, value) -> environment.put("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        return environment;
    }

    private static Map<String, Object> client(KafkaBroker broker, Map<String, String> security) {
        Map<String, Object> client = new HashMap<>(security);
        client.put("bootstrap.servers", broker.bootstrapServers());
        return client;
    }

    /** The keys on catalog-images-dlq, read until one arrives (or 60 s pass). */
    private static List<String> deadLetterKeys(KafkaBroker broker, Map<String, String> security) {
        Map<String, Object> config = client(broker, security);
        config.put("group.id", "security-test-dlq");
        config.put("auto.offset.reset", "earliest");
        List<String> keys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("catalog-images-dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (keys.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }

    private JsonNode search(ServiceProcess service, byte[] image) throws Exception {
        String body = JSON.writeValueAsString(Map.of("image", Map.of("base64", Base64.getEncoder().encodeToString(image)), "k", 1, "explain", "none"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private int status(ServiceProcess service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
