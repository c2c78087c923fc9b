package io.camsearch.container;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.camsearch.service.CamsearchConfig;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifest held to the service it deploys, so that a renamed setting, port or health
 * path breaks the build instead of a deployment: every environment variable names a real setting,
 * the container ports are the service's, and every probe path answers on the real app's
 * management interface.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("k8s/camsearch.yaml");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void everyEnvironmentVariableOfTheManifestNamesASettingTheServiceReads() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String key : settingKeys("camsearch", CamsearchConfig.class)) {
            known.add(environmentName(key));
        }
        Properties properties = applicationProperties();
        for (String key : properties.stringPropertyNames()) {
            known.add(environmentName(key.replaceFirst("^%[a-z]+\\.", "")));
        }
        List<String> unknown = new ArrayList<>();
        for (JsonNode container : containers()) {
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (!known.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        assertTrue(known.contains("CAMSEARCH_INGEST_MODEL_WORKERS"), "the settings were read: " + known);
        assertTrue(unknown.isEmpty(), "environment variables in " + MANIFEST + " that name no setting of the service: " + unknown);
    }

    @Test
    void theContainerPortsAreTheServicesAndTheProbesUseTheManagementPort() throws IOException {
        // The deployed (prod) values: in tests the app runs on free ports instead.
        Properties properties = applicationProperties();
        int http = Integer.parseInt(properties.getProperty("quarkus.http.port", "8080")); // Quarkus's default
        int managementPort = Integer.parseInt(properties.getProperty("quarkus.management.port", "9000"));
        for (JsonNode container : containers()) {
            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            assertEquals(Map.of("http", http, "management", managementPort), ports, "the container's ports");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertEquals("management", container.path(probe).path("httpGet").path("port").asText(), probe + " is on the management port");
            }
        }
    }

    @Test
    void everyProbePathAnswersOnTheRealManagementInterface() throws IOException {
        List<String> paths = new ArrayList<>();
        for (JsonNode container : containers()) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                paths.add(container.path(probe).path("httpGet").path("path").asText());
            }
        }
        assertEquals(3, paths.size(), "three probes: " + paths);
        for (String path : paths) {
            given().port(management.getPort()).when().get(path).then().statusCode(200);
        }
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (var in = KubernetesManifestTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** The containers of every Deployment and StatefulSet in the manifest. */
    private static List<JsonNode> containers() throws IOException {
        List<JsonNode> containers = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(MANIFEST))) {
            for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
                String kind = document.path("kind").asText();
                if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                    document.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
                }
            }
        }
        assertFalse(containers.isEmpty(), MANIFEST + " has no Deployment or StatefulSet");
        return containers;
    }

    /** The keys of a {@code @ConfigMapping} interface, as SmallRye names them (kebab case, nested groups). */
    static List<String> settingKeys(String prefix, Class<?> mapping) {
        List<String> keys = new ArrayList<>();
        for (Method method : mapping.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.camsearch.")) {
                keys.addAll(settingKeys(key, type));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The environment variable MicroProfile Config reads a key from: non-alphanumerics to '_', upper case. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
