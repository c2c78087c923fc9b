package io.camsearch.model;

import io.camsearch.model.nets.DemoNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a model by the name users give on the command line and in configuration: {@code demo} for
 * the built-in network with its shipped weights, the path of a {@code .params} file for the
 * built-in network with other weights (as {@code train --weights} writes them), or the path of a
 * TorchScript bundle directory.
 */
public final class Models {

    public static final String DEMO = "demo";

    private Models() {}

    public static EmbeddingModel open(String spec) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no model given: use 'demo' or the path of a bundle directory");
        }
        if (DEMO.equals(spec)) {
            return DemoWeights.load();
        }
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("model '" + spec + "' is neither 'demo' nor an existing bundle directory or .params file");
        }
        if (Files.isRegularFile(path) && spec.endsWith(".params")) {
            try (var in = Files.newInputStream(path)) {
                return ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), in);
            }
        }
        return TorchScriptBundle.load(path);
    }

    /** The shipped weights of {@link DemoNetwork}: backbone then head parameters, in DJL's format. */
    public static final class DemoWeights {

        /** Where the trained weights live in the source tree and, as a resource, on the class path. */
        public static final String RESOURCE = "/io/camsearch/model/camsearch-demo.params";

        private DemoWeights() {}

        public static BlockEmbeddingModel load() throws IOException {
            try (var in = Models.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the demo model's weights (" + RESOURCE + ") are not on the class path; "
                            + "train them with 'java -jar target/camsearch-cli.jar train' or pass a bundle directory as the model");
                }
                return ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), in);
            }
        }
    }
}
