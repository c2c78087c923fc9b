package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The real Quarkus application boots with the DJL class-loading settings and answers its liveness probe. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ServiceStartsTest {

    @Test
    void livenessProbeAnswersUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessProbeAnswersUpOnceTheConsumerHasItsPartitions() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && (status = given().when().get("/q/health/ready").statusCode()) != 200) {
            Thread.sleep(250);
        }
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'camsearch' }.data.model",
                        equalTo("camsearch-demo (input 96x96, mean [0.5, 0.5, 0.5], std [0.25, 0.25, 0.25]; features 128x12x12 -> GAP_LINEAR -> d 128)"));
    }
}
