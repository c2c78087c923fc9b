package io.camsearch.model;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a bring-your-own model: a directory with {@code backbone.pt} and {@code head.pt}
 * (TorchScript, frozen in eval mode) and {@code model.json}, as written by {@code
 * src/main/python/export_bundle.py}. The head is loaded with trainable parameters, without which
 * DJL cannot run it with gradients at all.
 */
public final class TorchScriptBundle {

    private static final String BACKBONE = "backbone.pt";
    private static final String HEAD = "head.pt";
    /** Every file of a bundle, in the order {@link Models#weightsSha256} hashes them. */
    public static final List<String> FILES = List.of(BundleManifest.FILE_NAME, BACKBONE, HEAD);

    private TorchScriptBundle() {}

    /** Loads a bundle directory and checks its modules against its descriptor. */
    public static BlockEmbeddingModel load(Path bundleDir) throws IOException {
        if (!Files.isDirectory(bundleDir)) {
            throw new IllegalArgumentException("model bundle " + bundleDir + " is not a directory");
        }
        ModelDescriptor descriptor = BundleManifest.read(bundleDir);
        PtNDManager manager = (PtNDManager) TorchRuntime.newManager();
        try {
            PtSymbolBlock backbone = loadModule(manager, bundleDir, BACKBONE, false);
            PtSymbolBlock head = loadModule(manager, bundleDir, HEAD, true);
            BlockEmbeddingModel model = new BlockEmbeddingModel(descriptor, backbone, head, manager, true);
            ShapeCheck.verify(model);
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static PtSymbolBlock loadModule(PtNDManager manager, Path dir, String file, boolean trainableParameters) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("bundle " + dir + " has no " + file);
        }
        try {
            return JniUtils.loadModule(manager, path, true, new String[0], new String[0], trainableParameters);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot load " + path + " as TorchScript: " + e.getMessage(), e);
        }
    }
}
