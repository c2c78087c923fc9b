package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchExplainCommandTest {

    @Test
    void aSmallRunMeasuresBothModesAtEverySizeAndWritesTheRows(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("explain.json");

        CliRun run = CliRun.of("bench-explain", "--classes", "2", "--per-class", "3", "-k", "4", "--sizes", "128,300",
                "--repetitions", "2", "--warm-up", "0", "--dir", tmp.resolve("index").toString(), "--json", json.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, rows.size());
        assertEquals("128x128", rows.get(0).get("upload").asText(), "the demo image as it is");
        assertEquals("300x225", rows.get(1).get("upload").asText(), "a larger upload is 4:3");
        for (JsonNode row : rows) {
            assertEquals(4, row.get("k").asInt());
            assertTrue(row.get("noneMs").asDouble() > 0 && row.get("bothMs").asDouble() > 0, row.toString());
            assertTrue(row.get("heatmapsMs").asDouble() > 0, "explain=both made heatmaps: " + row);
        }
        assertTrue(run.out().contains("addedFraction"), run.out());
    }

    @Test
    void aTinyUploadSizeIsRefusedBeforeAnythingStarts(@TempDir Path tmp) {
        Path dir = tmp.resolve("index");

        CliRun run = CliRun.of("bench-explain", "--sizes", "128,8", "--dir", dir.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--sizes") && run.err().contains("got 8"), run.err());
        assertFalse(Files.exists(dir), "nothing was started or written");
    }
}
