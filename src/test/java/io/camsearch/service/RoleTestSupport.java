package io.camsearch.service;

import static io.restassured.RestAssured.given;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.model.ModelIdentity;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the tests of a service running one role alone share: the model it embeds with, the test
 * broker's clients, the management interface (health, metrics), and how long the service may take
 * to move records through Kafka. Each test keeps its profile (which role) and what it proves.
 */
abstract class RoleTestSupport {

    static final Duration DEADLINE = Duration.ofSeconds(120);

    @Inject
    ModelIdentity model;

    @Inject
    ImageExplainer explainer;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** A request to the management interface (health, metrics). */
    RequestSpecification managementRequest() {
        return given().port(management.getPort());
    }

    /** The service's metrics, in Prometheus text. */
    String metrics() {
        return managementRequest().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A producer to the test broker that sends catalog events with their images inline. */
    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers));
    }
}
