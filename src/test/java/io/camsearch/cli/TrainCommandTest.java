package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.dataset.WideWorld;
import io.camsearch.model.BlockEmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.ParameterFiles;
import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end on a tiny generated catalog: report, loss curve, and weights the demo network loads. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesWeightsThatLoadAReportWithRecallAndTheLossCurve() throws IOException {
        Path catalog = dir.resolve("catalog");
        assertEquals(0, CliRun.of("generate", "--out", catalog.toString(), "--classes", "8", "--per-class", "4", "--size", "96").exitCode());
        Path weights = dir.resolve("weights.params");
        Path report = dir.resolve("report");
        CliRun run = CliRun.of("train", "--data", catalog.toString(), "--wide", "none", "--epochs", "2", "--batch", "8",
                "--weights", weights.toString(), "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("trained in "), run.out());
        assertTrue(run.err().contains("epoch 2/2: mean loss"), run.err());

        JsonNode json = new ObjectMapper().readTree(report.resolve("train-report.json").toFile());
        assertEquals(16, json.get("trainImages").intValue());
        assertEquals(16, json.get("heldOutImages").intValue());
        assertEquals("1..4", json.get("trainClasses").asText());
        assertEquals(2, json.get("epochs").size());
        double recallAt1 = json.get("recallAtK").get("1").doubleValue();
        double recallAt8 = json.get("recallAtK").get("8").doubleValue();
        assertTrue(recallAt1 >= 0 && recallAt1 <= recallAt8 && recallAt8 <= 1, json.get("recallAtK").toString());
        assertEquals(640, ImageIO.read(report.resolve("loss.png").toFile()).getWidth());

        try (InputStream in = Files.newInputStream(weights);
                BlockEmbeddingModel loaded = ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), in)) {
            assertEquals(DemoNetwork.EMBEDDING_DIM, loaded.descriptor().embeddingDim());
        }
    }

    @Test
    void theWideWorldTrainsBesideTheCatalogsTrainingClassesAndRecallStaysOnItsHeldOutOnes() throws IOException {
        generateCatalogAndWideWorld();
        Path wide = dir.resolve("wide");
        Path report = dir.resolve("report");
        CliRun run = trainOnCatalogAndWideWorld();
        assertEquals(0, run.exitCode(), run.err());

        JsonNode json = new ObjectMapper().readTree(report.resolve("train-report.json").toFile());
        assertEquals(16 + 10, json.get("trainImages").intValue(), "4 catalog classes x 4, and every one of the 5 x 2 wide images");
        assertEquals(16, json.get("heldOutImages").intValue());
        assertEquals("1..4 + 5 classes of " + wide, json.get("trainClasses").asText());
        assertEquals("5..8", json.get("heldOutClasses").asText());
    }

    @Test
    void aWideWorldDrawnByAnotherGeneratorVersionIsRefusedByName() throws IOException {
        generateCatalogAndWideWorld();
        Path wide = dir.resolve("wide");
        Path json = wide.resolve("catalog.json");
        String current = "\"generatorVersion\" : " + WideWorld.GENERATOR_VERSION;
        assertTrue(Files.readString(json).contains(current), Files.readString(json));
        Files.writeString(json, Files.readString(json).replace(current, "\"generatorVersion\" : 1"));

        CliRun run = trainOnCatalogAndWideWorld();
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(wide + " was drawn by wide-world generator version 1, this build draws version " + WideWorld.GENERATOR_VERSION
                + ": delete " + wide), run.err());
        assertFalse(Files.exists(dir.resolve("weights.params")), "nothing trained");
    }

    @Test
    void theDefaultWideWorldMustHoldTheShippedRecipesWorldAndTheRefusalSaysWhatItHolds() throws IOException {
        generateCatalogAndWideWorld();
        Path wide = dir.resolve("wide");
        WideWorld.Drawn drawn = WideWorld.Drawn.in(wide);
        assertEquals(new WideWorld.Drawn(WideWorld.GENERATOR_VERSION, 1, 5, 2), drawn, "what generate recorded in catalog.json");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TrainCommand.requireShippedWorld(wide, drawn));
        assertEquals(wide + " holds 5 classes x 2 images, seed 1, the shipped recipe trains on " + TrainCommand.WIDE_CLASSES + " classes x "
                + TrainCommand.WIDE_PER_CLASS + " images, seed " + TrainCommand.WIDE_SEED + ": delete " + wide
                + " to have the shipped one drawn, or pass --wide " + wide + " to train on it as it is", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainCommand.requireShippedWorld(wide, new WideWorld.Drawn(WideWorld.GENERATOR_VERSION,
                TrainCommand.WIDE_SEED, TrainCommand.WIDE_CLASSES, 20)), "the world of 20 images a class the weights shipped before");
        assertDoesNotThrow(() -> TrainCommand.requireShippedWorld(wide, new WideWorld.Drawn(WideWorld.GENERATOR_VERSION, TrainCommand.WIDE_SEED,
                TrainCommand.WIDE_CLASSES, TrainCommand.WIDE_PER_CLASS)));
        assertEquals(new WideWorld.Drawn(-1, -1, -1, -1), WideWorld.Drawn.in(dir), "a directory without catalog.json records nothing");
    }

    /** A catalog of 8 classes x 4 in {@code dir/catalog} and a wide world of 5 classes x 2 in {@code dir/wide}. */
    private void generateCatalogAndWideWorld() {
        assertEquals(0, CliRun.of("generate", "--out", dir.resolve("catalog").toString(), "--classes", "8", "--per-class", "4", "--size", "96")
                .exitCode());
        assertEquals(0, CliRun.of("generate", "--world", "wide", "--out", dir.resolve("wide").toString(), "--classes", "5", "--per-class", "2",
                "--size", "96").exitCode());
    }

    /** One epoch on both, weights to {@code dir/weights.params}, the report to {@code dir/report}. */
    private CliRun trainOnCatalogAndWideWorld() {
        return CliRun.of("train", "--data", dir.resolve("catalog").toString(), "--wide", dir.resolve("wide").toString(), "--epochs", "1",
                "--batch", "8", "--weights", dir.resolve("weights.params").toString(), "--report", dir.resolve("report").toString());
    }

    @Test
    void tooFewImagesForOneBatchIsAClearError() throws IOException {
        Path catalog = dir.resolve("small");
        assertEquals(0, CliRun.of("generate", "--out", catalog.toString(), "--classes", "4", "--per-class", "1", "--size", "64").exitCode());
        CliRun run = CliRun.of("train", "--data", catalog.toString(), "--wide", "none", "--epochs", "1", "--batch", "64",
                "--weights", dir.resolve("w").toString(), "--report", dir.resolve("r").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("only 2 training images for batches of 64"), run.err());
    }

    @Test
    void trainsAndSeedsDefaultsAreTheRecipeOfTheShippedWeightsAsTheirReportRecordsIt() throws IOException {
        JsonNode config;
        try (InputStream in = TrainCommandTest.class.getResourceAsStream("/io/camsearch/model/camsearch-demo.train-report.json")) {
            config = new ObjectMapper().readTree(in).get("config");
        }
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs();
        assertEquals(config.get("epochs").asInt(), train.epochs);
        assertEquals(config.get("batchSize").asInt(), train.batch);
        assertEquals(config.get("learningRate").floatValue(), train.learningRate);
        assertEquals(config.get("seed").asInt(), train.seed);
        assertEquals(config.get("sparsity").floatValue(), train.sparsity);
        SeedsCommand seeds = new SeedsCommand();
        new CommandLine(seeds).parseArgs();
        assertEquals(config.get("epochs").asInt(), seeds.epochs);
        assertEquals(config.get("batchSize").asInt(), seeds.batch);
        assertEquals(config.get("sparsity").floatValue(), Float.parseFloat(seeds.sparsity));
        TrainingConfig shipped = TrainingConfig.DEFAULT;
        assertEquals(config.get("epochs").asInt(), shipped.epochs());
        assertEquals(config.get("batchSize").asInt(), shipped.batchSize());
        assertEquals(config.get("learningRate").floatValue(), shipped.learningRate());
        assertEquals(config.get("scale").floatValue(), shipped.scale());
        assertEquals(config.get("seed").asInt(), shipped.seed());
        assertEquals(config.get("sparsity").floatValue(), shipped.sparsity());
    }
}
