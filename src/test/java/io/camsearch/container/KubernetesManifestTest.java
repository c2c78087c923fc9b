package io.camsearch.container;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.camsearch.embeddings.EmbeddingsTopic;
import io.camsearch.model.ModelIdentity;
import io.camsearch.service.CamsearchConfig;
import io.camsearch.service.Roles;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests held to the service they deploy, so that a renamed setting, port or
 * health path breaks the build instead of a deployment: every manifest under {@code k8s/} is
 * parsed; every environment variable names a real setting and its value converts to the setting's
 * type; the container ports are the service's, and every probe path answers on the real app's
 * management interface. For the scaled-out manifests also: Services and disruption budgets select
 * only searchers, a searcher's index is on a volume of its own pod, embedders are no more than the
 * partitions of catalog-images, and the example topics agree with the embedders' settings and with
 * the topic name the service derives from its model.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class KubernetesManifestTest {

    private static final Path K8S = Path.of("k8s");
    /**
     * What is applied together: the one process alone, or the scaled-out roles with a new model's
     * roles beside them. A Service or a budget selects pods within its set only.
     */
    private static final Map<String, List<Path>> DEPLOYMENTS = Map.of(
            "one process", List.of(K8S.resolve("camsearch.yaml")),
            "scaled out", List.of(K8S.resolve("scale-out"), K8S.resolve("model-change")));
    private static final Path TOPICS = K8S.resolve("strimzi/topics.yaml");
    private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** The model the application under test runs: the shipped demo model, as the manifests' demo deployments. */
    @Inject
    ModelIdentity model;

    /** A container of a Deployment or StatefulSet, with what the checks need of its pod. */
    record Container(Path file, String workload, int replicas, JsonNode podLabels, JsonNode pod, JsonNode spec) {

        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            spec.path("env").forEach(e -> env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : null));
            return env;
        }

        /** The roles this container runs, read as the service reads them (CAMSEARCH_ROLES unset is both). */
        Roles roles() {
            String roles = env().get("CAMSEARCH_ROLES");
            return roles == null ? Roles.BOTH : Roles.parse(List.of(roles.split(",")));
        }

        /** Whether this container answers searches. */
        boolean searches() {
            return roles().serves(Roles.Role.SEARCHER);
        }

        boolean embeds() {
            return roles().serves(Roles.Role.EMBEDDER);
        }

        @Override
        public String toString() {
            return workload + " in " + file;
        }
    }

    @Test
    void everyManifestUnderK8sIsInOneDeploymentSet() throws IOException {
        Set<Path> inSets = new TreeSet<>();
        DEPLOYMENTS.values().forEach(paths -> inSets.addAll(yamlFiles(paths)));
        inSets.add(TOPICS);
        assertEquals(new TreeSet<>(yamlFiles(List.of(K8S))), inSets,
                "every manifest under k8s/ is checked here: add a new one to DEPLOYMENTS (or as the topics)");
        assertTrue(inSets.containsAll(List.of(K8S.resolve("camsearch.yaml"), K8S.resolve("scale-out/embedder.yaml"),
                K8S.resolve("scale-out/searcher.yaml"))), "the manifests were found: " + inSets);
    }

    @Test
    void everyEnvironmentVariableNamesASettingTheServiceReadsAndItsValueConverts() throws IOException {
        Map<String, Type> known = new TreeMap<>();
        settingTypes("camsearch", CamsearchConfig.class).forEach((key, type) -> known.put(environmentName(key), type));
        Properties properties = applicationProperties();
        for (String key : properties.stringPropertyNames()) {
            known.putIfAbsent(environmentName(key.replaceFirst("^%[a-z]+\\.", "")), String.class);
        }
        assertTrue(known.containsKey("CAMSEARCH_INGEST_MODEL_WORKERS"), "the settings were read: " + known.keySet());
        List<String> problems = new ArrayList<>();
        for (Container container : containers(yamlFiles(List.of(K8S)))) {
            try {
                container.roles();
            } catch (IllegalArgumentException e) {
                problems.add(container + ": " + e.getMessage());
            }
            container.env().forEach((name, value) -> {
                if (!known.containsKey(name)) {
                    problems.add(name + " in " + container + " names no setting of the service");
                } else if (value != null) {
                    convert(known.get(name), value).ifPresent(problem -> problems.add(name + "=" + value + " in " + container + ": " + problem));
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theContainerPortsAreTheServicesAndTheProbesUseTheManagementPort() throws IOException {
        // The deployed (prod) values: in tests the app runs on free ports instead.
        Properties properties = applicationProperties();
        int http = Integer.parseInt(properties.getProperty("quarkus.http.port", "8080")); // Quarkus's default
        int managementPort = Integer.parseInt(properties.getProperty("quarkus.management.port", "9000"));
        for (Container container : containers(yamlFiles(List.of(K8S)))) {
            Map<String, Integer> ports = new HashMap<>();
            container.spec().path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            assertEquals(Map.of("http", http, "management", managementPort), ports, "the ports of " + container);
            for (String probe : PROBES) {
                assertEquals("management", container.spec().path(probe).path("httpGet").path("port").asText(),
                        probe + " of " + container + " is on the management port");
            }
        }
    }

    @Test
    void everyProbePathAnswersOnTheRealManagementInterface() throws IOException {
        Set<String> paths = new TreeSet<>();
        for (Container container : containers(yamlFiles(List.of(K8S)))) {
            for (String probe : PROBES) {
                String path = container.spec().path(probe).path("httpGet").path("path").asText();
                assertFalse(path.isEmpty(), container + " has a " + probe + " with a path");
                paths.add(path);
            }
        }
        assertEquals(Set.of("/q/health/started", "/q/health/live", "/q/health/ready"), paths);
        for (String path : paths) {
            given().port(management.getPort()).when().get(path).then().statusCode(200);
        }
    }

    @Test
    void servicesAndDisruptionBudgetsSelectSearchersOnlyAndEveryPolicySelectsPods() throws IOException {
        for (var set : DEPLOYMENTS.entrySet()) {
            List<Path> files = yamlFiles(set.getValue());
            List<Container> containers = containers(files);
            for (JsonNode document : documents(files)) {
                String kind = document.path("kind").asText();
                JsonNode selector = switch (kind) {
                    case "Service" -> document.path("spec").path("selector");
                    case "PodDisruptionBudget" -> document.path("spec").path("selector").path("matchLabels");
                    case "NetworkPolicy" -> document.path("spec").path("podSelector").path("matchLabels");
                    default -> null;
                };
                if (selector == null) {
                    continue;
                }
                String what = kind + " " + document.path("metadata").path("name").asText() + " (" + set.getKey() + ")";
                List<Container> selected = containers.stream().filter(c -> selects(selector, c.podLabels())).toList();
                assertFalse(selected.isEmpty(), what + " selects no pod");
                if (!kind.equals("NetworkPolicy")) {
                    List<Container> notSearching = selected.stream().filter(c -> !c.searches()).toList();
                    assertTrue(notSearching.isEmpty(), what + " selects pods that answer no searches: " + notSearching);
                }
                if (kind.equals("Service")) {
                    document.path("spec").path("ports").forEach(port -> assertEquals("http", port.path("targetPort").asText(),
                            what + " publishes the API port only"));
                }
            }
        }
    }

    @Test
    void aSearchersIndexIsOnAVolumeOfItsOwnPod() throws IOException {
        for (Container container : containers(yamlFiles(List.of(K8S)))) {
            if (!container.searches()) {
                continue;
            }
            String indexPath = container.env().get("CAMSEARCH_INDEX_PATH");
            assertTrue(indexPath != null && indexPath.startsWith("/"), container + " sets CAMSEARCH_INDEX_PATH to an absolute path: " + indexPath);
            JsonNode mount = null;
            for (JsonNode m : container.spec().path("volumeMounts")) {
                if (indexPath.startsWith(m.path("mountPath").asText() + "/")) {
                    mount = m;
                }
            }
            assertTrue(mount != null && !mount.path("readOnly").asBoolean(), container + " keeps its index " + indexPath + " on a writable volume");
            String volumeName = mount.path("name").asText();
            JsonNode volume = null;
            for (JsonNode v : container.pod().path("volumes")) {
                if (v.path("name").asText().equals(volumeName)) {
                    volume = v;
                }
            }
            assertTrue(volume != null, container + " declares the volume " + volumeName);
            if (!container.embeds()) {
                // A searcher alone rebuilds from the topic: its index lives and dies with its pod, never shared.
                assertTrue(volume.has("emptyDir") || volume.has("ephemeral"), container + " keeps its index on an emptyDir or ephemeral volume");
            } else {
                assertEquals(1, container.replicas(), container + " writes the one index of a one-process deployment: one replica");
            }
        }
    }

    @Test
    void embeddersAreNoMoreThanThePartitionsOfCatalogImagesAndEachModelHasItsOwnGroup() throws IOException {
        JsonNode catalogImages = topic("catalog-images");
        int partitions = catalogImages.path("spec").path("partitions").asInt();
        assertTrue(partitions > 0, "catalog-images has partitions in " + TOPICS);
        assertEquals("compact", catalogImages.path("spec").path("config").path("cleanup.policy").asText(),
                "catalog-images keeps every live item for a reindex");
        Map<String, String> groupModels = new HashMap<>();
        for (Container container : containers(yamlFiles(DEPLOYMENTS.get("scaled out")))) {
            if (!container.embeds()) {
                continue;
            }
            assertTrue(container.replicas() <= partitions, container + " runs " + container.replicas() + " embedders; catalog-images has "
                    + partitions + " partitions, so the rest would sit idle");
            Map<String, String> env = container.env();
            String group = env.get("CAMSEARCH_EMBEDDER_GROUP");
            assertTrue(group != null, container + " names its consumer group");
            String other = groupModels.put(group, env.get("CAMSEARCH_MODEL"));
            assertTrue(other == null, "two embedder deployments share the group " + group + ": " + other + " and " + env.get("CAMSEARCH_MODEL"));
        }
        assertEquals(2, groupModels.size(), "the running model's embedders and the new model's: " + groupModels);
    }

    @Test
    void theExampleEmbeddingsTopicIsTheOneTheServiceNamesAndHasTheEmbeddersSettings() throws IOException {
        JsonNode topic = topic(EmbeddingsTopic.name(model));
        Container embedder = containers(yamlFiles(DEPLOYMENTS.get("scaled out"))).stream()
                .filter(c -> c.embeds() && "demo".equals(c.env().get("CAMSEARCH_MODEL"))).findFirst().orElseThrow();
        Map<String, String> env = embedder.env();
        JsonNode spec = topic.path("spec");
        JsonNode config = spec.path("config");
        assertEquals("compact", config.path("cleanup.policy").asText());
        assertEquals(env.get("CAMSEARCH_EMBEDDINGS_PARTITIONS"), spec.path("partitions").asText(), "partitions");
        assertEquals(env.get("CAMSEARCH_EMBEDDINGS_REPLICATION_FACTOR"), spec.path("replicas").asText(), "replication");
        assertEquals(env.get("CAMSEARCH_EMBEDDINGS_MIN_INSYNC_REPLICAS"), config.path("min.insync.replicas").asText(), "min.insync.replicas");
        assertEquals(env.get("CAMSEARCH_EMBEDDINGS_MAX_MESSAGE_BYTES"), config.path("max.message.bytes").asText(), "max.message.bytes");
        Duration deleteRetention = ConfigProvider.getConfig().getConverter(Duration.class).orElseThrow()
                .convert(env.get("CAMSEARCH_EMBEDDINGS_DELETE_RETENTION"));
        assertEquals(Long.toString(deleteRetention.toMillis()), config.path("delete.retention.ms").asText(), "delete.retention.ms");
        assertTrue(Integer.parseInt(env.get("CAMSEARCH_EMBEDDINGS_MIN_INSYNC_REPLICAS")) >= 2
                && Integer.parseInt(env.get("CAMSEARCH_EMBEDDINGS_REPLICATION_FACTOR")) > Integer.parseInt(env.get("CAMSEARCH_EMBEDDINGS_MIN_INSYNC_REPLICAS")),
                "an acknowledged item survives a broker lost, and publishing goes on with one down");
    }

    private static JsonNode topic(String name) throws IOException {
        for (JsonNode document : documents(List.of(TOPICS))) {
            if (document.path("kind").asText().equals("KafkaTopic") && document.path("spec").path("topicName").asText().equals(name)) {
                return document;
            }
        }
        throw new AssertionError(TOPICS + " has no KafkaTopic for " + name);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        for (var entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText())) {
                return false;
            }
        }
        return !selector.isEmpty();
    }

    /** Empty when {@code value} converts to the setting's type as the service's configuration converts it; else why not. */
    private static Optional<String> convert(Type type, String value) {
        Type element = type;
        boolean list = false;
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            element = parameterized.getActualTypeArguments()[0];
            if (raw == Optional.class && element instanceof ParameterizedType inner) {
                element = inner.getActualTypeArguments()[0];
                list = true;
            } else {
                list = Collection.class.isAssignableFrom(raw);
            }
        }
        Class<?> target = boxed((Class<?>) element);
        var converter = ConfigProvider.getConfig().getConverter(target);
        if (converter.isEmpty()) {
            return Optional.of("no converter to " + target.getSimpleName());
        }
        try {
            for (String part : list ? value.split(",") : new String[] {value}) {
                if (converter.get().convert(part.trim()) == null) {
                    return Optional.of("empty");
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("not a " + target.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "short" -> Short.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            default -> throw new IllegalArgumentException("a setting of type " + type);
        };
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (var in = KubernetesManifestTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** The YAML files under {@code paths} (files or directories), sorted. */
    private static List<Path> yamlFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertFalse(files.isEmpty(), "no manifest under " + paths);
        return files.stream().sorted().toList();
    }

    private static List<JsonNode> documents(List<Path> files) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (Path file : files) {
            try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(file))) {
                for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
                    if (!document.isNull() && !document.isMissingNode()) {
                        documents.add(document);
                    }
                }
            }
        }
        return documents;
    }

    /** The containers of every Deployment and StatefulSet in {@code files}. */
    private static List<Container> containers(List<Path> files) throws IOException {
        List<Container> containers = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode document : documents(List.of(file))) {
                String kind = document.path("kind").asText();
                if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                    JsonNode template = document.path("spec").path("template");
                    String workload = kind + " " + document.path("metadata").path("name").asText();
                    int replicas = document.path("spec").path("replicas").asInt(1);
                    template.path("spec").path("containers").forEach(c -> containers.add(
                            new Container(file, workload, replicas, template.path("metadata").path("labels"), template.path("spec"), c)));
                }
            }
        }
        return containers;
    }

    /** The keys of a {@code @ConfigMapping} interface, as SmallRye names them (kebab case, nested groups), with their types. */
    static Map<String, Type> settingTypes(String prefix, Class<?> mapping) {
        Map<String, Type> keys = new TreeMap<>();
        for (Method method : mapping.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.camsearch.")) {
                keys.putAll(settingTypes(key, type));
            } else {
                keys.put(key, method.getGenericReturnType());
            }
        }
        return keys;
    }

    /** The environment variable MicroProfile Config reads a key from: non-alphanumerics to '_', upper case. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
