package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchIndexCommandTest {

    @Test
    void eachShapeAndQuantizationIsBuiltAndMeasuredAgainstExactSearch(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("index.json");

        CliRun run = CliRun.of("bench-index", "--items", "2000", "--queries", "40", "--dim", "32", "--model", "none",
                "--shapes", "clustered,gaussian", "--quantizations", "none,int8,int4,binary", "--candidates", "100",
                "--force-merge", "1", "--dir", tmp.resolve("index").toString(), "--json", json.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertEquals(8, rows.size(), rows.toString());
        List<String> configurations = new ArrayList<>();
        for (JsonNode row : rows) {
            configurations.add(row.get("shape").asText() + "/" + row.get("quantization").asText());
            assertEquals(2000, row.get("items").asInt());
            assertEquals(1, row.get("segments").asInt(), "--force-merge 1 leaves one segment: " + row);
            assertTrue(row.get("diskMB").asDouble() > 2000 * 32 * 4 / 1e6, "the float vectors alone take 0.26 MB: " + row);
            for (String recall : List.of("recallAt10", "filteredRecallAt10")) {
                double value = row.get(recall).asDouble();
                assertTrue(value > 0 && value <= 1, recall + " is a share: " + row);
            }
            // 100 candidates over 2000 vectors (20 in the filtered bucket): float32 and int8 graphs find nearly all.
            if (List.of("none", "int8").contains(row.get("quantization").asText())) {
                assertTrue(row.get("recallAt10").asDouble() >= 0.9, "float32 and int8 recall at this size: " + row);
            }
            assertEquals(1.0, row.get("filteredRecallAt10").asDouble(), 1e-9,
                    "a filter keeping 20 items is answered exactly (Lucene falls back to exact search): " + row);
        }
        assertEquals(List.of("clustered/none", "clustered/int8", "clustered/int4", "clustered/binary",
                "gaussian/none", "gaussian/int8", "gaussian/int4", "gaussian/binary"), configurations);
    }

    /** Needs Debian's python3-hnswlib (.ci/run installs it). */
    @Test
    void hnswlibIsMeasuredOnTheSameDataAndMatchedAtEqualRecall(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("index.json");

        CliRun run = CliRun.of("bench-index", "--items", "1500", "--queries", "40", "--dim", "16", "--model", "none",
                "--candidates", "20", "--hnswlib", "src/main/python/hnswlib_bench.py", "--hnswlib-ef", "10,40,160",
                "--dir", tmp.resolve("index").toString(), "--json", json.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get(0);
        assertTrue(List.of(10, 40, 160).contains(row.get("hnswlibEf").asInt()), "hnswlib reached the index's recall at one of its ef: " + row);
        assertTrue(row.get("hnswlibRecallAt10").asDouble() >= row.get("recallAt10").asDouble(), "compared at equal recall or better: " + row);
        assertEquals(row.get("p50Ms").asDouble() / row.get("hnswlibP50Ms").asDouble(), row.get("p50OverHnswlib").asDouble(), 1e-3, row.toString());
    }

    /** Needs Debian's python3-hnswlib (.ci/run installs it). */
    @Test
    void reuseMeasuresTheIndexesAnEarlierRunBuiltWithTheSameResultsAndRefusesOtherSettings(@TempDir Path tmp) throws Exception {
        List<String> args = List.of("bench-index", "--items", "1500", "--queries", "40", "--dim", "16", "--model", "none",
                "--candidates", "20,40", "--force-merge", "1", "--hnswlib", "src/main/python/hnswlib_bench.py", "--hnswlib-ef", "10,40",
                "--dir", tmp.resolve("index").toString(), "--reuse");
        CliRun first = CliRun.of(with(args, "--json", tmp.resolve("first.json").toString()));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("none: built an index of 1500") && first.err().contains("hnswlib: built in"), first.err());

        CliRun second = CliRun.of(with(args, "--json", tmp.resolve("second.json").toString()));
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(!second.err().contains("built an index") && second.err().contains("none: reusing the index in"), second.err());
        assertTrue(second.err().contains("hnswlib: loaded the index a run built in"), second.err());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode built = mapper.readTree(tmp.resolve("first.json").toFile());
        JsonNode reused = mapper.readTree(tmp.resolve("second.json").toFile());
        for (int i = 0; i < 2; i++) {
            assertTrue(reused.get(i).get("reused").asBoolean());
            for (String same : List.of("buildSeconds", "segments", "diskMB", "recallAt10", "filteredRecallAt10", "hnswlibRecallAt10")) {
                assertEquals(built.get(i).get(same).asDouble(), reused.get(i).get(same).asDouble(), 1e-9,
                        same + " of the same index, measured again: " + reused.get(i));
            }
        }

        CliRun other = CliRun.of(with(args, "--json", tmp.resolve("third.json").toString(), "--max-connections", "8"));
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("was built with maxConnections 32, this run asks for 8; remove it or leave out --reuse"), other.err());
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void anUnknownQuantizationIsRefusedBeforeAnythingIsBuilt(@TempDir Path tmp) {
        CliRun run = CliRun.of("bench-index", "--quantizations", "int3", "--model", "none", "--dim", "8",
                "--dir", tmp.resolve("index").toString(), "--json", tmp.resolve("index.json").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown vector quantization 'int3'") && run.err().contains("binary"), run.err());
        assertTrue(!tmp.resolve("index").toFile().exists(), "nothing was built");
    }

    @Test
    void aNegativeWarmUpIsRefusedBeforeAnythingIsBuilt(@TempDir Path tmp) {
        CliRun run = CliRun.of("bench-index", "--warm-up-passes", "-1", "--model", "none", "--dim", "8",
                "--dir", tmp.resolve("index").toString(), "--json", tmp.resolve("index.json").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("warm-up passes must be >= 0, got -1"), run.err());
        assertTrue(!tmp.resolve("index").toFile().exists(), "nothing was built");
    }
}
