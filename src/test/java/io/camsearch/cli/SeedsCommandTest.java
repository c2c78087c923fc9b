package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeds command end to end on tiny catalogs: one training and two evaluations a seed, the table over seeds, resuming. */
class SeedsCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsAndEvaluatesEachSeedOnBothWorldsAndSummarizesAcrossSeedsThenResumesWithoutRetraining() throws IOException {
        Path catalog = dir.resolve("catalog");
        assertEquals(0, CliRun.of("generate", "--out", catalog.toString(), "--classes", "8", "--per-class", "4", "--size", "96").exitCode());
        Path heldout = dir.resolve("heldout");
        assertEquals(0, CliRun.of("generate", "--world", "heldout", "--out", heldout.toString(), "--classes", "4", "--per-class", "3",
                "--size", "96").exitCode());
        Path out = dir.resolve("seeds");
        String[] args = {"seeds", "--seeds", "1,2", "--data", catalog.toString(), "--wide", "none", "--heldout", heldout.toString(),
                "--epochs", "1", "--batch", "8", "--deletion-images", "2", "--randomization-images", "4", "--out", out.toString()};

        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        byte[] first = Files.readAllBytes(out.resolve("seed-1/camsearch-demo.params"));
        byte[] second = Files.readAllBytes(out.resolve("seed-2/camsearch-demo.params"));
        assertFalse(Arrays.equals(first, second), "another seed, other weights");
        ObjectMapper json = new ObjectMapper();
        assertEquals(16, json.readTree(out.resolve("seed-2/own/evaluation.json").toFile()).get("images").intValue(),
                "the own catalog's held-out classes 5..8, 4 images each");
        assertEquals(12, json.readTree(out.resolve("seed-2/heldout/evaluation.json").toFile()).get("images").intValue(),
                "the held-out world whole");

        JsonNode table = json.readTree(out.resolve("seeds.json").toFile());
        assertEquals(2, table.get("seeds").size());
        JsonNode heldoutModel = table.get("heldout").get(table.get("heldout").size() - 1);
        double recall1 = heldoutModel.get("Recall@1").get("mean").doubleValue();
        double seed1 = json.readTree(out.resolve("seed-1/heldout/evaluation.json").toFile()).get("recallAtK").get("1").doubleValue();
        double seed2 = json.readTree(out.resolve("seed-2/heldout/evaluation.json").toFile()).get("recallAtK").get("1").doubleValue();
        assertEquals((seed1 + seed2) / 2, recall1, 1e-12, "the cell is the mean of the seeds' own numbers");
        assertEquals(2, heldoutModel.get("Recall@1").get("n").intValue());
        String markdown = Files.readString(out.resolve("seeds.md"));
        assertTrue(markdown.contains("**the project's catalog, held-out classes**") && markdown.contains("**the held-out world, every image**"), markdown);
        assertTrue(markdown.contains("| single-point, all channels | "), markdown);

        CliRun again = CliRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("already trained"), again.err());
        assertFalse(again.err().contains("epoch 1/1"), "nothing is trained a second time");
        assertTrue(Arrays.equals(first, Files.readAllBytes(out.resolve("seed-1/camsearch-demo.params"))));
        assertFalse(again.err().contains("evaluating again"), "every evaluation is of the model on disk");

        // An evaluation of another model (here: as one written before mirror views, without the hash) is made again.
        Path stale = out.resolve("seed-2/heldout/evaluation.json");
        ObjectNode staleJson = (ObjectNode) json.readTree(stale.toFile());
        String hash = staleJson.remove("modelWeightsSha256").textValue();
        assertEquals(64, hash.length(), "evaluate records the evaluated model's hash");
        json.writeValue(stale.toFile(), staleJson);
        CliRun reevaluated = CliRun.of(args);
        assertEquals(0, reevaluated.exitCode(), reevaluated.err());
        assertTrue(reevaluated.err().contains(stale + " is of another model (other weights, or one view): evaluating again"), reevaluated.err());
        assertEquals(hash, json.readTree(stale.toFile()).get("modelWeightsSha256").textValue());

        String[] otherRecipe = Arrays.copyOf(args, args.length + 2);
        otherRecipe[args.length] = "--sparsity";
        otherRecipe[args.length + 1] = "0.1";
        CliRun other = CliRun.of(otherRecipe);
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains(out.resolve("seed-1") + " was trained with sparsity " + TrainCommand.SPARSITY + ", this run asks for 0.1"),
                other.err());
    }

    @Test
    void repeatedSeedsAreRefused() {
        CliRun run = CliRun.of("seeds", "--seeds", "1,1", "--out", dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--seeds must name distinct seeds, got [1, 1]"), run.err());
    }
}
