package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The real Quarkus application boots with the DJL class-loading settings and answers its liveness probe. */
@QuarkusTest
class ServiceStartsTest {

    @Test
    void livenessProbeAnswersUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
