package io.camsearch.model;

import io.camsearch.model.nets.DemoNetwork;
import io.camsearch.model.nets.ResNet50;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Opens a model by the name users give on the command line and in configuration: {@code demo} for
 * the built-in network with its shipped weights, the path of a {@code .params} file for the
 * built-in network with other weights (as {@code train --weights} writes them), or the path of a
 * TorchScript bundle directory; and, for benchmarks, {@code resnet50-shaped}: a ResNet-50-shaped
 * network with seeded random weights, to time the service at the cost of a production-sized model.
 */
public final class Models {

    public static final String DEMO = "demo";

    /** A {@link ResNet50} with a 512-d GAP-linear head and random weights from {@link #RESNET50_SHAPED_SEED}. */
    public static final String RESNET50_SHAPED = "resnet50-shaped";

    /** The seed of {@link #RESNET50_SHAPED}'s weights: every process that opens it gets the same ones. */
    static final int RESNET50_SHAPED_SEED = 50;

    /** The embedding size of {@link #RESNET50_SHAPED}: the size bench-cam and bench-basis time it at. */
    static final int RESNET50_SHAPED_DIM = 512;

    private Models() {}

    /**
     * The model {@code spec} names, as the service and the tools run it: the demo network (its
     * shipped weights or a {@code .params} file of it) {@link #asRun as run}, a bundle as its
     * author exported it.
     */
    public static EmbeddingModel open(String spec) throws IOException {
        if (isDemo(spec)) {
            return asRun(DemoWeights.load());
        }
        if (RESNET50_SHAPED.equals(spec)) {
            return resnet50Shaped();
        }
        Path path = existingPath(spec);
        if (isParameterFile(path)) {
            try (var in = Files.newInputStream(path)) {
                return asRun(ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), in));
            }
        }
        return TorchScriptBundle.load(path);
    }

    /**
     * A network of the demo architecture as camsearch runs it (the service, evaluation, training's
     * closing Recall@K): with {@link MirrorViews}. Closing the result closes {@code network}.
     */
    public static EmbeddingModel asRun(BlockEmbeddingModel network) {
        return MirrorViews.of(network);
    }

    /**
     * The SHA-256 of the weights {@link #open} loads for {@code spec}, as 64 lowercase hex digits:
     * for the demo model and a {@code .params} file, of {@link MirrorViews#identityTag()} and the
     * parameter bytes (so the shipped weights hash the same under either name, and not as they did
     * with one view: the same weights run with mirror views make other vectors, another model to an
     * index or topic), and for a bundle of its files ({@link
     * TorchScriptBundle#FILES}, the descriptor included: its normalization moves the vectors as
     * much as the weights do), each with its name and length so that no bytes can move between them
     * unnoticed.
     */
    public static String weightsSha256(String spec) throws IOException {
        MessageDigest digest = sha256();
        if (isDemo(spec)) {
            digest.update(MirrorViews.identityTag());
            try (InputStream in = DemoWeights.open()) {
                digest(in, digest);
            }
        } else if (RESNET50_SHAPED.equals(spec)) {
            try (BlockEmbeddingModel model = resnet50Shaped(); OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                ParameterFiles.write(model, out);
            }
        } else {
            Path path = existingPath(spec);
            if (isParameterFile(path)) {
                digest.update(MirrorViews.identityTag());
                try (InputStream in = Files.newInputStream(path)) {
                    digest(in, digest);
                }
            } else {
                for (String file : TorchScriptBundle.FILES) {
                    Path member = path.resolve(file);
                    if (!Files.isRegularFile(member)) {
                        throw new IllegalArgumentException("bundle " + path + " has no " + file);
                    }
                    digest.update(file.getBytes(StandardCharsets.UTF_8));
                    digest.update(ByteBuffer.allocate(1 + Long.BYTES).put((byte) 0).putLong(Files.size(member)).array());
                    try (InputStream in = Files.newInputStream(member)) {
                        digest(in, digest);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The identity of the model {@code spec} names, once {@link #open opened}. */
    public static ModelIdentity identity(String spec, EmbeddingModel model) throws IOException {
        return ModelIdentity.of(model.descriptor(), weightsSha256(spec));
    }

    /**
     * Seeded, as the demo network's first weights are: libtorch's initializers draw from its global
     * generator, so the same seed gives the same weights in every process on the same libtorch.
     */
    private static BlockEmbeddingModel resnet50Shaped() {
        TorchRuntime.engine().setRandomSeed(RESNET50_SHAPED_SEED);
        return ResNet50.create(RESNET50_SHAPED_DIM, HeadKind.GAP_LINEAR);
    }

    private static boolean isDemo(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no model given: use 'demo' or the path of a bundle directory");
        }
        return DEMO.equals(spec);
    }

    private static Path existingPath(String spec) {
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("model '" + spec + "' is neither 'demo' nor an existing bundle directory or .params file");
        }
        return path;
    }

    private static boolean isParameterFile(Path path) {
        return Files.isRegularFile(path) && path.toString().endsWith(".params");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void digest(InputStream in, MessageDigest digest) throws IOException {
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** The shipped weights of {@link DemoNetwork}: backbone then head parameters, in DJL's format (the network of one view; {@link #open} adds the mirror). */
    public static final class DemoWeights {

        /** Where the trained weights live in the source tree and, as a resource, on the class path. */
        public static final String RESOURCE = "/io/camsearch/model/camsearch-demo.params";

        private DemoWeights() {}

        public static BlockEmbeddingModel load() throws IOException {
            try (var in = open()) {
                return ParameterFiles.read(DemoNetwork.create(HeadKind.GAP_LINEAR), in);
            }
        }

        private static InputStream open() {
            InputStream in = Models.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("the demo model's weights (" + RESOURCE + ") are not on the class path; "
                        + "train them with 'java -jar target/camsearch-cli.jar train' or pass a bundle directory as the model");
            }
            return in;
        }
    }
}
