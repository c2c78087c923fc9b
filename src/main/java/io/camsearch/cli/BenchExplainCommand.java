package io.camsearch.cli;

import io.camsearch.bench.ExplainCostBenchmark;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.local.DemoCatalog;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-explain", mixinStandardHelpOptions = true,
        description = {"What explanations add to a search by upload: the demo catalog indexed in process, then the same upload",
                "searched at k with explain=none and explain=both, alternately, at each upload size (128 px PNG, larger sizes 4:3 JPEG)."})
final class BenchExplainCommand implements Callable<Integer> {

    @Option(names = "--classes", defaultValue = "20", description = "Demo catalog classes indexed (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "10", description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "-k", defaultValue = "10", description = "Hits per search (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--sizes", split = ",", defaultValue = "128,1600,4000",
            description = "The uploads' longest sides in pixels (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--repetitions", defaultValue = "30", description = "Measured searches per mode and size (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--warm-up", defaultValue = "10", description = "Unrecorded searches per mode and size first (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--dir", defaultValue = "target/bench/explain", description = "Index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/explain.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        for (int side : sizes) {
            if (side < 16) {
                throw new IllegalArgumentException("--sizes are longest sides of at least 16 pixels, got " + side);
            }
        }
        // One image more per class than indexed: the last of the first class is the upload, an image the catalog does not hold.
        List<byte[]> pngs = new DemoCatalog(classes, perClass + 1).pngs();
        Map<String, byte[]> catalog = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                catalog.put("item-" + c + "-" + i, pngs.get(c * (perClass + 1) + i));
            }
        }
        byte[] query = pngs.get(perClass);
        BenchFiles.emptyDirectory(dir);
        try (EmbeddingModel model = Models.open(Models.DEMO)) {
            ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
            List<Map<String, Object>> rows = new ExplainCostBenchmark(k, repetitions, warmUp, System.err)
                    .run(explainer, dir.toAbsolutePath(), catalog, query, sizes);
            System.out.println(BenchTable.format(rows));
            BenchFiles.writeJson(json, rows);
        }
        return 0;
    }
}
