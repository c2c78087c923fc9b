package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.client.CamsearchApiException;
import io.camsearch.client.CamsearchClient;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real application with API keys configured: who may call what. */
@QuarkusTest
@TestProfile(ApiKeyAuthTest.WithKeys.class)
@QuarkusTestResource(KafkaTestResource.class)
class ApiKeyAuthTest {

    static final String SEARCH_KEY = "search-2f9c4e7a1b3d5f60";
    static final String ADMIN_KEY = "admin-8e1d3c5b7a9f0246";

    /** Keys as a deployment would set them: comma-separated lists, here two search keys. */
    public static final class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camsearch.api.search-keys", "other-search-key-0000," + SEARCH_KEY, "camsearch.api.admin-keys", ADMIN_KEY);
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void withoutAKeyTheApiAnswers401WithAChallengeAndAJsonError() {
        given().when().get("/items").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"camsearch\"")
                .body("error", equalTo("UNAUTHORIZED")).body("message", containsString("Authorization: Bearer <key>"));
        given().multiPart("image", "q.png", new byte[] {1, 2, 3}, "image/png").when().post("/search").then().statusCode(401);
        given().when().post("/test-admin/reset").then().statusCode(401);
    }

    @Test
    void aWrongKeyIs401AndIsNotEchoed() {
        String wrong = SEARCH_KEY.replace('2', '3');
        given().header("Authorization", "Bearer " + wrong).when().get("/items").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"camsearch\"")
                .body("error", equalTo("UNAUTHORIZED")).body("message", equalTo("the API key sent is not valid"));
        given().header("X-Api-Key", wrong).when().get("/items").then().statusCode(401);
        given().header("Authorization", "Basic " + SEARCH_KEY).when().get("/items").then().statusCode(401);
    }

    @Test
    void aSearchKeyReadsAndSearchesByEitherHeader() {
        given().header("Authorization", "Bearer " + SEARCH_KEY).when().get("/items").then().statusCode(200).body("offset", equalTo(0));
        given().header("authorization", "bearer " + SEARCH_KEY).when().get("/items").then().statusCode(200);
        given().header("X-Api-Key", SEARCH_KEY).when().get("/items").then().statusCode(200);
        // Past the filter: the request itself is checked (and refused for what it lacks, not for its key).
        given().header("X-Api-Key", SEARCH_KEY).contentType("application/json").body(Map.of("k", 3)).when().post("/search")
                .then().statusCode(400).body("error", equalTo("MISSING_IMAGE"));
    }

    @Test
    void aSearchKeyOnAnAdminEndpointIs403() {
        given().header("Authorization", "Bearer " + SEARCH_KEY).when().post("/test-admin/reset").then().statusCode(403)
                .body("error", equalTo("FORBIDDEN")).body("message", containsString("admin key"));
    }

    @Test
    void anAdminKeyCallsAdminAndSearchEndpoints() {
        given().header("Authorization", "Bearer " + ADMIN_KEY).when().post("/test-admin/reset").then().statusCode(204);
        given().header("X-Api-Key", ADMIN_KEY).when().get("/items").then().statusCode(200);
    }

    @Test
    void theWebPageTheOpenApiDocumentAndTheManagementPortNeedNoKey() {
        given().when().get("/").then().statusCode(200).body(containsString("<html"));
        given().when().get("/app.js").then().statusCode(200);
        given().when().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/search"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("security", equalTo(List.of(Map.of("apiKey", List.of()), Map.of())));
        given().port(management.getPort()).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().port(management.getPort()).when().get("/q/metrics").then().statusCode(200).body(containsString("camsearch_index_items "));
    }

    @TestHTTPResource("/")
    URL api;

    @Test
    void theJavaClientSendsItsKeyAndAKeylessClientGetsTheApisUnauthorizedCode() throws Exception {
        CamsearchClient withKey = CamsearchClient.builder(api.toURI()).apiKey(SEARCH_KEY).build();
        assertEquals(0, withKey.items("suite=none", 5).items().size());
        CamsearchApiException refused = assertThrows(CamsearchApiException.class,
                () -> CamsearchClient.builder(api.toURI()).build().items(null, 5));
        assertEquals(401, refused.status());
        assertEquals("UNAUTHORIZED", refused.code());
        assertTrue(refused.getMessage().contains("X-Api-Key"), refused.getMessage());
    }
}
