package io.camsearch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void aServiceStartedFromTheTestsRunsWithItsAssertionsOnBeforeItsJar() {
        assertTrue(ServiceProcess.class.desiredAssertionStatus(), "the tests run with -ea");
        List<String> command = ServiceProcess.command(Path.of("target/quarkus-app/quarkus-run.jar"), 8080, 9000,
                Map.of("camsearch.index.path", "data/index"), "1g");
        assertTrue(command.contains("-ea"), "the service's command line: " + command);
        assertTrue(command.indexOf("-ea") < command.indexOf("-jar"), "a JVM option, before -jar: " + command);
        assertEquals(List.of("-jar", "target/quarkus-app/quarkus-run.jar"), command.subList(command.size() - 2, command.size()));
    }
}
