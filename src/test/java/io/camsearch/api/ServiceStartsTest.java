package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Grid;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real Quarkus application boots with the DJL class-loading settings and answers its probes on
 * the management port, which is not the API's port.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ServiceStartsTest {

    /** The management interface (its URL ends in its root path, /q/; only its port is used). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @TestHTTPResource("/")
    URL api;

    @Test
    void theApplicationRunsWithItsAssertionsOnInTests() {
        // Quarkus loads the application in a class loader of its own: only the JVM's -ea reaches it.
        assertTrue(Grid.class.desiredAssertionStatus(), "the application's classes run without their assertions");
    }

    @Test
    void livenessProbeAnswersUpWithTheIngestionPipelineRunning() {
        given().port(management.getPort()).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("ingestion-pipeline"));
    }

    @Test
    void readinessIsAboutSearchingAndNamesTheModel() {
        given().port(management.getPort()).when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'camsearch' }.data.model",
                        equalTo("camsearch-demo (input 96x96, mean [0.5, 0.5, 0.5], std [0.25, 0.25, 0.25]; features 128x12x12 -> GAP_LINEAR -> d 128)"));
    }

    @Test
    void theIngestionHealthGroupTurnsUpOnceTheConsumerHasItsPartitionsAndKnowsItsLag() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var ingestion = given().port(management.getPort()).when().get("/q/health/group/ingestion");
            return ingestion.statusCode() == 200 && ingestion.jsonPath().getString("checks[0].data.lag").matches("\\d+");
        });
        given().port(management.getPort()).when().get("/q/health/group/ingestion").then().statusCode(200)
                .body("checks[0].data.state", equalTo("consuming"))
                .body("checks[0].data.assignedPartitions", equalTo("catalog-images-0,catalog-images-1"));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        assertNotEquals(api.getPort(), management.getPort(), "the management interface has a port of its own");
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/group/ingestion", "/q/metrics"}) {
            given().when().get(path).then().statusCode(404);
        }
        given().port(management.getPort()).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("camsearch_index_items "));
        given().port(management.getPort()).when().get("/q/health").then().body(containsString("\"status\""));
    }

    @Test
    void withNoKeyConfiguredTheApiIsOpen() {
        given().when().get("/items").then().statusCode(200);
        given().when().post("/test-admin/reset").then().statusCode(204);
    }

    @Test
    void theOpenApiDocumentAndSwaggerUiStayOnTheApiPort() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/search"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().port(management.getPort()).when().get("/q/openapi").then().statusCode(404);
    }
}
