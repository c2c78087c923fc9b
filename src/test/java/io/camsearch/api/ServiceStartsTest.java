package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real Quarkus application boots with the DJL class-loading settings and answers its probes. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ServiceStartsTest {

    @Test
    void livenessProbeAnswersUpWithTheIngestionPipelineRunning() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("ingestion-pipeline"));
    }

    @Test
    void readinessIsAboutSearchingAndNamesTheModel() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'camsearch' }.data.model",
                        equalTo("camsearch-demo (input 96x96, mean [0.5, 0.5, 0.5], std [0.25, 0.25, 0.25]; features 128x12x12 -> GAP_LINEAR -> d 128)"));
    }

    @Test
    void theIngestionHealthGroupTurnsUpOnceTheConsumerHasItsPartitionsAndKnowsItsLag() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var ingestion = given().when().get("/q/health/group/ingestion");
            return ingestion.statusCode() == 200 && ingestion.jsonPath().getString("checks[0].data.lag").matches("\\d+");
        });
        given().when().get("/q/health/group/ingestion").then().statusCode(200)
                .body("checks[0].data.state", equalTo("consuming"))
                .body("checks[0].data.assignedPartitions", equalTo("catalog-images-0,catalog-images-1"));
    }
}
