package io.camsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client stays light: it imports the JDK, Jackson and itself, nothing of the service, so that
 * it can be copied into a project that has only those.
 */
class ClientDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/camsearch/client");
    private static final List<String> ALLOWED = List.of("import java.", "import javax.", "import com.fasterxml.jackson.", "import io.camsearch.client.");

    @Test
    void theClientImportsOnlyTheJdkJacksonAndItself() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(SOURCES)) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                for (String line : Files.readAllLines(file)) {
                    String code = line.strip();
                    if (code.startsWith("import ") && ALLOWED.stream().noneMatch(code.replace("import static ", "import ")::startsWith)) {
                        violations.add(file.getFileName() + ": " + code);
                    }
                }
            }
        }
        assertTrue(files >= 3, "the client's sources are under " + SOURCES);
        assertEquals(List.of(), violations);
    }
}
