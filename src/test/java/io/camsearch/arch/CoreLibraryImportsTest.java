package io.camsearch.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The EmbeddingCAM core is a library that the service and the command-line tools share: its
 * packages must not depend on Quarkus, Kafka, Lucene or the service's own packages. So must the
 * image sources ({@code source}, used by ingestion and the API alike) and {@code logging}.
 */
class CoreLibraryImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/camsearch");
    private static final List<String> FORBIDDEN = List.of(
            "import io.quarkus", "import jakarta.", "import org.apache.kafka", "import io.smallrye",
            "import org.apache.lucene", "import io.camsearch.api", "import io.camsearch.ingest", "import io.camsearch.index");

    @ParameterizedTest
    @ValueSource(strings = {"cam", "model", "image", "explain", "source", "logging"})
    void corePackageImportsNoServiceFramework(String corePackage) throws IOException {
        Path dir = SOURCES.resolve(corePackage);
        assertTrue(Files.isDirectory(dir), dir + " exists");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(dir)) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                for (String line : Files.readAllLines(file)) {
                    for (String forbidden : FORBIDDEN) {
                        if (line.startsWith(forbidden)) {
                            violations.add(file + ": " + line);
                        }
                    }
                }
            }
        }
        assertTrue(files > 0, "no sources under " + dir);
        assertEquals(List.of(), violations);
    }
}
