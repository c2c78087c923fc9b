package io.camsearch.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.local.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's definition agrees with itself and with the service: docker/Dockerfile (built by a
 * Docker engine, or by buildah through docker/build-image.sh), the JVM options file it installs,
 * the AOT training script, and the options every other way of starting the service uses.
 */
class ImageDefinitionTest {

    private static final Path DOCKER = Path.of("docker");
    private static final String OPTIONS_IN_IMAGE = "/opt/camsearch/jvm.options";
    private static final String JAR_IN_IMAGE = "/opt/camsearch/app/quarkus-run.jar";

    @Test
    void theImageJvmOptionsIncludeEveryOptionTheServiceNeeds() throws IOException {
        List<String> image = jvmOptions();
        for (String option : normalized(ServiceProcess.JVM_OPTIONS)) {
            assertTrue(image.contains(option), "docker/jvm.options lacks the service's " + option + ": " + image);
        }
        assertTrue(image.stream().anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage=")), "the heap follows the container's memory limit");
        assertTrue(image.stream().noneMatch(o -> o.startsWith("-Xmx")), "a fixed heap would ignore the container's memory limit");
    }

    @Test
    void theServiceAndItsAotTrainingRunStartWithTheSameOptionsFileAndJar() throws IOException {
        String dockerfile = read("Dockerfile");
        String entrypoint = line(dockerfile, "ENTRYPOINT");
        assertTrue(entrypoint.contains("\"@" + OPTIONS_IN_IMAGE + "\""), entrypoint);
        assertTrue(entrypoint.contains("\"-jar\", \"" + JAR_IN_IMAGE + "\""), entrypoint);
        assertTrue(entrypoint.contains("\"-XX:AOTCache=/opt/camsearch/app.aot\""), entrypoint);
        assertTrue(dockerfile.contains("COPY docker/jvm.options " + OPTIONS_IN_IMAGE + "\n"), "the image installs docker/jvm.options");
        assertTrue(dockerfile.contains("RUN bash /tmp/aot-train.sh /opt/camsearch/app.aot"), "the cache the ENTRYPOINT reads is the one trained");

        String training = line(read("aot-train.sh"), "java -XX:AOTCacheOutput");
        // Only the cache option differs: the JVM rejects a cache trained with other module or native-access options.
        assertEquals("java -XX:AOTCacheOutput=\"$cache\" @" + OPTIONS_IN_IMAGE + " -jar " + JAR_IN_IMAGE,
                training.substring(0, training.indexOf(" >")));
    }

    @Test
    void theImageRunsAsItsOwnUserWithTheIndexOnAVolumeAndExposesTheHttpAndManagementPorts() throws IOException {
        String dockerfile = read("Dockerfile");
        String user = line(dockerfile, "USER").substring("USER ".length());
        assertEquals("10001:10001", user);
        assertTrue(dockerfile.contains("useradd --system --uid 10001 --gid 10001"), "the user exists in the image");
        assertEquals("VOLUME /var/lib/camsearch", line(dockerfile, "VOLUME"));
        assertTrue(dockerfile.contains("CAMSEARCH_INDEX_PATH=/var/lib/camsearch/index"), "the index lives on the volume");
        assertTrue(dockerfile.contains("chown camsearch:camsearch /var/lib/camsearch"), "the user can write the volume's mount point");
        assertEquals("EXPOSE 8080 9000", line(dockerfile, "EXPOSE"));
        Matcher jlink = Pattern.compile("jlink --add-modules (\\S+)").matcher(dockerfile);
        assertTrue(jlink.find(), "the runtime is jlink'ed");
        assertTrue(List.of(jlink.group(1).split(",")).contains("jdk.incubator.vector"), "Lucene's vector module: " + jlink.group(1));
    }

    @Test
    void theKubernetesManifestMountsTheIndexWhereTheImageKeepsIt() throws IOException {
        String manifest = Files.readString(Path.of("k8s/camsearch.yaml"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("mountPath: /var/lib/camsearch\n"), "the volume's mount point");
        assertTrue(manifest.contains("value: /var/lib/camsearch/index\n"), "CAMSEARCH_INDEX_PATH as in the image");
        assertTrue(manifest.contains("containerPort: 8080"), "the image's HTTP port");
    }

    /** docker/jvm.options without comments, one option a line. */
    private static List<String> jvmOptions() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : read("jvm.options").lines().toList()) {
            String option = line.replaceAll("#.*", "").strip();
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        return options;
    }

    /** "--add-modules X" as "--add-modules=X", as the options file writes it. */
    private static List<String> normalized(List<String> options) {
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            boolean takesValue = option.startsWith("--") && !option.contains("=") && i + 1 < options.size() && !options.get(i + 1).startsWith("-");
            joined.add(takesValue ? option + "=" + options.get(++i) : option);
        }
        return joined;
    }

    private static String line(String text, String start) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + start));
    }

    private static String read(String file) throws IOException {
        return Files.readString(DOCKER.resolve(file), StandardCharsets.UTF_8);
    }
}
