package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.Models;
import io.camsearch.model.ParameterFiles;
import io.camsearch.model.nets.DemoNetwork;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench-basis on a small demo catalog, with the shipped weights by name, as a .params file, and with other weights. */
class BenchBasisCommandTest {

    @Test
    void aParamsFileIsMeasuredAsItsOwnSubjectAndTheShippedWeightsAsAFileMeasureAsTheyDoByName(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("run-7.params");
        try (InputStream in = BenchBasisCommandTest.class.getResourceAsStream(Models.DemoWeights.RESOURCE)) {
            Files.copy(in, params);
        }
        JsonNode byName = run(tmp, "demo", "by-name");
        JsonNode byFile = run(tmp, params.toString(), "by-file");

        JsonNode first = byName.get("encodings").get(0);
        assertEquals("demo (d=128, 12x12)", first.get("model").asText());
        assertEquals(params.toString(), byFile.get("encodings").get(0).get("model").asText(), "the file names its rows");
        assertEquals(byName.get("encodings").size(), byFile.get("encodings").size());
        for (int i = 0; i < byName.get("encodings").size(); i++) {
            JsonNode a = byName.get("encodings").get(i);
            JsonNode b = byFile.get("encodings").get(i);
            assertEquals(a.get("encoding"), b.get("encoding"));
            assertEquals(a.get("bytes/item"), b.get("bytes/item"), a.get("encoding") + ": the same weights store the same bytes");
            assertEquals(a.get("same box"), b.get("same box"), a.get("encoding").asText());
            assertTrue(a.get("hits").asInt() >= 4 * 2, a.toString());
        }
    }

    @Test
    void theFilesWeightsAreTheOnesMeasured(@TempDir Path tmp) throws Exception {
        Path random = tmp.resolve("random.params");
        try (BlockEmbeddingModel untrained = DemoNetwork.createSeeded(HeadKind.GAP_LINEAR, 5); OutputStream out = Files.newOutputStream(random)) {
            ParameterFiles.write(untrained, out);
        }
        JsonNode shipped = run(tmp, "demo", "shipped").get("index").get(0);
        JsonNode other = run(tmp, random.toString(), "random").get("index").get(0);
        // Other weights make other feature maps, so the stored explanations take other bytes: the file was loaded, not only named.
        assertNotEquals(shipped.get("basis").asLong(), other.get("basis").asLong(), shipped + " against " + other);
    }

    private static JsonNode run(Path tmp, String model, String name) throws Exception {
        Path json = tmp.resolve(name + ".json");
        CliRun run = CliRun.of("bench-basis", "--model", model, "--classes", "2", "--per-class", "3", "--k", "2", "--resnet-items", "0",
                "--work", tmp.resolve(name).toString(), "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(json.toFile());
    }
}
