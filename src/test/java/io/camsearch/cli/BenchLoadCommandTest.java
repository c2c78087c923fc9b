package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchLoadCommandTest {

    @Test
    void aPhaseOfNoTimeIsRefusedBeforeAnythingStarts(@TempDir Path tmp) {
        Path dir = tmp.resolve("load");

        CliRun run = CliRun.of("bench-load", "--duration", "0", "--dir", dir.toString(), "--json", tmp.resolve("load.json").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--duration") && run.err().contains("got 30, 0, 60, 20 and 15"), run.err());
        assertFalse(Files.exists(dir), "nothing was started or written");
    }
}
