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

class BenchScaleCommandTest {

    @Test
    void aTinyRunIndexesEveryEventBothWaysRebuildsTheDirectBuildsItemsAndBreaksDownTheEnvelope(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("scale.json");

        CliRun run = CliRun.of("bench-scale", "--classes", "3", "--per-class", "10", "--warm-up", "4", "--envelopes", "300",
                "--model-batch", "8", "--dir", tmp.resolve("scale").toString(), "--json", json.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertTrue(result.get("machine").get("command").asText().contains("--envelopes 300"), result.get("machine").toString());
        JsonNode throughput = result.get("throughput");
        assertEquals(2, throughput.size());
        for (JsonNode path : throughput) {
            assertEquals(30, path.get("events").asInt(), path.toString());
            assertTrue(path.get("sameItems").asBoolean(), "both indexes hold every published item, and the same ones: " + path);
        }
        assertTrue(throughput.get(1).has("ofOneProcess"), throughput.toString());
        JsonNode rebuild = result.get("rebuild");
        assertEquals(2, rebuild.size());
        for (JsonNode path : rebuild) {
            assertEquals(300, path.get("items").asInt(), path.toString());
            assertTrue(path.get("sameItems").asBoolean(), "the index holds exactly the 300 synthetic items, each at its version: " + path);
            assertTrue(path.get("indexMB").asDouble() > 0, "the index was committed: " + path);
        }
        JsonNode merge = result.get("merge");
        assertEquals(2, merge.size(), merge.toString());
        assertEquals(1, merge.get(1).get("segments").asInt(), "merged into one segment: " + merge);
        assertTrue(merge.get(0).get("segments").asInt() >= 1, merge.toString());
        for (JsonNode state : merge) {
            assertTrue(state.get("recallAt10").asDouble() > 0.5, "the searches find the exact neighbours: " + state);
        }
        JsonNode bytes = result.get("topicBytes");
        double fields = 0;
        for (int i = 0; i < 5; i++) {
            fields += bytes.get(i).get("bytes").asDouble();
        }
        double envelope = bytes.get(5).get("bytes").asDouble();
        assertEquals("envelope (record value)", bytes.get(5).get("part").asText());
        assertEquals(envelope, fields, 0.3, "embedding, basis, thumbnail, metadata and overhead (each rounded to 0.1) add up: " + bytes);
        assertTrue(bytes.get(1).get("bytes").asDouble() > bytes.get(0).get("bytes").asDouble(), "the basis outweighs the embedding: " + bytes);
        for (int row = 7; row <= 8; row++) {
            assertTrue(bytes.get(row).get("bytes").asDouble() > envelope * 0.5, "the broker's log holds the records: " + bytes.get(row));
        }
        assertTrue(run.out().contains("| path | events | seconds | eventsPerSecond |"), run.out());
        assertFalse(run.out().contains("null"), run.out());
    }
}
