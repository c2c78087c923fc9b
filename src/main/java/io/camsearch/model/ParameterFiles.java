package io.camsearch.model;

import ai.djl.MalformedModelException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Saves and loads the parameters of a {@link BlockEmbeddingModel}: the backbone's, then the head's, in DJL's format. */
public final class ParameterFiles {

    private ParameterFiles() {}

    public static void write(BlockEmbeddingModel model, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        model.backboneBlock().saveParameters(data);
        model.headBlock().saveParameters(data);
        data.flush();
    }

    /** Loads parameters into {@code model} (whose blocks must have the saved architecture) and returns it. */
    public static BlockEmbeddingModel read(BlockEmbeddingModel model, InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            model.backboneBlock().loadParameters(model.manager(), data);
            model.headBlock().loadParameters(model.manager(), data);
            return model;
        } catch (MalformedModelException e) {
            model.close();
            throw new IOException("the parameter file does not fit network '" + model.descriptor().name() + "': " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
