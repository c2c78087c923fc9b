package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every answer of every operation: its success schema, and the error schema of each error status. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final String ERROR_SCHEMA = "#/components/schemas/ErrorJson";

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDeclaresItsSuccessSchemaAndTheErrorSchemaForEachErrorStatus() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var method : path.getValue().entrySet()) {
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                operations++;
                String op = method.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) ((Map<String, Object>) method.getValue()).get("responses");
                if (responses == null || responses.isEmpty()) {
                    problems.add(op + ": no responses");
                    continue;
                }
                boolean success = false;
                boolean clientError = false;
                for (var response : responses.entrySet()) {
                    String code = response.getKey();
                    Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) response.getValue().get("content");
                    if (content == null || content.isEmpty()) {
                        problems.add(op + " " + code + ": no content");
                        continue;
                    }
                    for (var media : content.entrySet()) {
                        Map<String, Object> schema = (Map<String, Object>) media.getValue().get("schema");
                        if (schema == null || schema.isEmpty()) {
                            problems.add(op + " " + code + " " + media.getKey() + ": no schema");
                        } else if (code.startsWith("4") || code.startsWith("5")) {
                            if (!ERROR_SCHEMA.equals(schema.get("$ref"))) {
                                problems.add(op + " " + code + ": not the error schema but " + schema);
                            }
                        }
                    }
                    success |= code.startsWith("2");
                    clientError |= code.startsWith("4");
                }
                if (!success || !clientError || !responses.containsKey("500")) {
                    problems.add(op + ": responses " + responses.keySet() + " lack a 2xx, a 4xx or the 500");
                }
            }
        }
        assertTrue(operations >= 11, "operations found: " + operations);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Set.of("error", "message", "errorId"), doc.getMap("components.schemas.ErrorJson.properties").keySet());
        List<Map<String, String>> explainAnswers = doc.getList("components.schemas.ExplainResponse.oneOf");
        assertEquals(List.of("#/components/schemas/SearchResponse", "#/components/schemas/ConceptResponse"),
                explainAnswers.stream().map(s -> s.get("$ref")).toList(), "POST /explain answers hits or a concept");
        assertFalse(doc.getString("paths.'/explain'.post.responses.'200'.content.'application/json'.schema").isEmpty());
    }
}
