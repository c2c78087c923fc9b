package io.camsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchIngestCommandTest {

    @Test
    void theModelAndTheServicesJvmOptionsAreOptionsWithTheDemoModelByDefault() {
        BenchIngestCommand defaults = new BenchIngestCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(Models.DEMO, defaults.model);
        assertEquals(List.of(), defaults.serviceJvmOptions);

        BenchIngestCommand resnet = new BenchIngestCommand();
        new CommandLine(resnet).parseArgs("--model", "resnet50-shaped", "--warm-up", "300", "--classes", "20",
                "--service-jvm-option", "-XX:StartFlightRecording=filename=a.jfr", "--service-jvm-option", "-Xlog:deoptimization=debug",
                "--service-property", "camsearch.ingest.model-workers=2");
        assertEquals(Models.RESNET50_SHAPED, resnet.model);
        assertEquals(List.of(300, 20), List.of(resnet.warmUp, resnet.classes));
        assertEquals(List.of("-XX:StartFlightRecording=filename=a.jfr", "-Xlog:deoptimization=debug"), resnet.serviceJvmOptions);
        assertEquals(Map.of("camsearch.ingest.model-workers", "2"), resnet.serviceProperties);
    }

    @Test
    void aCatalogOfNoImagesIsRefusedBeforeAnythingStarts(@TempDir Path tmp) {
        Path dir = tmp.resolve("ingest");

        CliRun run = CliRun.of("bench-ingest", "--per-class", "0", "--dir", dir.toString(), "--json", tmp.resolve("ingest.json").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--classes, --per-class and --model-batch must be >= 1 and --warm-up >= 0"), run.err());
        assertFalse(Files.exists(dir), "nothing was started or written");
    }
}
