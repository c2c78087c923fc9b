package io.camsearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.bench.CamBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-cam", mixinStandardHelpOptions = true,
        description = "Time embedding against explaining (CAM basis and literal backward passes) on the demo-sized and a ResNet-50-shaped network.")
final class BenchCamCommand implements Callable<Integer> {

    @Option(names = "--repetitions", defaultValue = "10", description = "Measured repetitions per action (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--json", defaultValue = "target/bench/cam.json", description = "Where to write the results as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Option(names = "--guided", description = "Instead: Guided Grad-CAM for one proxy against one embedding, on the demo network with each head.")
    boolean guided;

    @Override
    public Integer call() throws Exception {
        if (repetitions < 1) {
            throw new IllegalArgumentException("--repetitions must be >= 1, got " + repetitions);
        }
        CamBenchmark benchmark = new CamBenchmark(repetitions, System.err);
        List<Map<String, Object>> rows = guided ? benchmark.runGuided(CamBenchmark.demoSubjects()) : benchmark.run(CamBenchmark.defaultSubjects());
        System.out.println(BenchTable.format(rows));
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rows);
        System.err.println("wrote " + json);
        return 0;
    }
}
