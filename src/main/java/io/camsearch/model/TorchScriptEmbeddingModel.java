package io.camsearch.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bring-your-own model: a directory with {@code backbone.pt} and {@code head.pt} (TorchScript,
 * frozen in eval mode) and {@code model.json}, as written by {@code src/main/python/export_bundle.py}.
 *
 * <p>Two libtorch rules shape this class. A TorchScript forward with {@code training = false} runs
 * under InferenceMode, whose tensors cannot be recorded for backward; so the gradient forward of
 * the head runs with {@code training = true}, which is harmless only because the export froze the
 * head. And the head is loaded with trainable parameters, without which DJL cannot run it with
 * gradients at all.
 */
public final class TorchScriptEmbeddingModel implements EmbeddingModel {

    private final ModelDescriptor descriptor;
    private final NDManager manager;
    private final PtSymbolBlock backbone;
    private final PtSymbolBlock head;

    private TorchScriptEmbeddingModel(ModelDescriptor descriptor, NDManager manager, PtSymbolBlock backbone, PtSymbolBlock head) {
        this.descriptor = descriptor;
        this.manager = manager;
        this.backbone = backbone;
        this.head = head;
    }

    /** Loads a bundle directory and checks its modules against its descriptor. */
    public static TorchScriptEmbeddingModel load(Path bundleDir) throws IOException {
        if (!Files.isDirectory(bundleDir)) {
            throw new IllegalArgumentException("model bundle " + bundleDir + " is not a directory");
        }
        ModelDescriptor descriptor = BundleManifest.read(bundleDir);
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            PtSymbolBlock backbone = loadModule(manager, bundleDir, "backbone.pt", false);
            PtSymbolBlock head = loadModule(manager, bundleDir, "head.pt", true);
            TorchScriptEmbeddingModel model = new TorchScriptEmbeddingModel(descriptor, manager, backbone, head);
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

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray backbone(NDArray images) {
        return GradMode.disabled(() -> forward(backbone, images, false));
    }

    @Override
    public NDArray head(NDArray featureMaps) {
        return GradMode.disabled(() -> forward(head, featureMaps, false));
    }

    @Override
    public NDArray headForGradient(NDArray featureMaps) {
        return forward(head, featureMaps, true);
    }

    private NDArray forward(PtSymbolBlock module, NDArray input, boolean training) {
        return module.forward(new ParameterStore(manager, false), new NDList(input), training).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
