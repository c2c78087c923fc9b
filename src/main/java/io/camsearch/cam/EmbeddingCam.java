package io.camsearch.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.HeadKind;
import io.camsearch.model.LinearHead;
import io.camsearch.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * EmbeddingCAM over one model: embeds a batch of images and gives each its {@link CamFeatures}
 * (embedding, feature map, gradient matrix M and CAM basis B = M A).
 *
 * <p>How M is obtained is the only thing that varies with the head. For a global-average-pool ->
 * linear head, {@code y = W mean_ij(A) + b}, so {@code dy/dA_ij = W / Z} for every image: M is
 * computed once here, and a basis costs one matrix product and no backward. Any other head gets M
 * from {@link HeadJacobian}'s batched backward.
 *
 * <p>Inputs are preprocessed images, CHW float arrays of the model's input size (see {@code
 * io.camsearch.image}).
 */
public final class EmbeddingCam {

    private final EmbeddingModel model;
    private final ModelDescriptor descriptor;
    /** M = W / Z for a gap-linear head, shared by every image; null for a generic head. */
    private final float[] sharedGradientMatrix;

    public EmbeddingCam(EmbeddingModel model) {
        this.model = model;
        this.descriptor = model.descriptor();
        this.sharedGradientMatrix = descriptor.head() == HeadKind.GAP_LINEAR ? linearGradientMatrix(model) : null;
    }

    private static float[] linearGradientMatrix(EmbeddingModel model) {
        float[] weights = LinearHead.probe(model).weights();
        float cells = model.descriptor().featureCells();
        float[] matrix = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            matrix[i] = weights[i] / cells;
        }
        return matrix;
    }

    /**
     * M for a pool -> linear head (the same for every image), with which a catalog item's stored
     * feature map turns back into its basis ({@link StoredExplanation}); empty for any other head.
     */
    public Optional<SharedGradient> sharedGradient() {
        return sharedGradientMatrix == null ? Optional.empty()
                : Optional.of(new SharedGradient(descriptor.embeddingDim(), descriptor.channels(), sharedGradientMatrix));
    }

    public EmbeddingModel model() {
        return model;
    }

    /** Embeddings y (unnormalized) of a batch, without the CAM features. */
    public float[][] embed(List<float[]> inputs) {
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray embeddings = model.head(model.backbone(batch(scratch, inputs)));
            return rows(embeddings.toFloatArray(), inputs.size());
        }
    }

    /** Embeddings and feature maps of a batch, without gradient matrices or bases: what the literal and proxy-batch methods start from. */
    public List<CamFeatures> forward(List<float[]> inputs) {
        int n = inputs.size();
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray features = model.backbone(batch(scratch, inputs));
            float[][] embeddings = rows(model.head(features).toFloatArray(), n);
            float[][] featureMaps = rows(features.toFloatArray(), n);
            List<CamFeatures> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new CamFeatures(embeddings[i], descriptor.channels(), descriptor.featureHeight(), descriptor.featureWidth(),
                        featureMaps[i], null, null));
            }
            return out;
        }
    }

    /**
     * Signed maps of one image for several proxies, without a basis: the closed form for a
     * gap-linear head, else one batched backward with a replica per proxy (see {@link
     * HeadJacobian}). For a non-linear head this is the cheaper way to explain a query against
     * fewer hits than the embedding has dimensions; {@link #analyze} gives the basis that a catalog
     * item stores. Needs the feature map only ({@link #forward} is enough).
     */
    public CamMethod proxyBatch() {
        return this::proxyBatchMaps;
    }

    private List<Grid> proxyBatchMaps(CamFeatures image, List<Proxy> proxies) {
        int channels = descriptor.channels();
        float[] featureMap = image.featureMapsView();
        float[][] rows = new float[proxies.size()][];
        for (int n = 0; n < rows.length; n++) {
            proxies.get(n).requireDim(descriptor.embeddingDim());
            rows[n] = proxies.get(n).values();
        }
        float[] weights = sharedGradientMatrix != null
                ? ChannelMaps.project(rows, sharedGradientMatrix, channels)
                : HeadJacobian.project(model, featureMap, rows);
        List<Grid> maps = new ArrayList<>(rows.length);
        for (int n = 0; n < rows.length; n++) {
            maps.add(ChannelMaps.weightedSum(weights, n * channels, channels, featureMap,
                    descriptor.featureHeight(), descriptor.featureWidth()));
        }
        return maps;
    }

    /** Embeddings, feature maps, gradient matrices and CAM bases of a batch. */
    public List<CamFeatures> analyze(List<float[]> inputs) {
        int dim = descriptor.embeddingDim();
        int channels = descriptor.channels();
        int height = descriptor.featureHeight();
        int width = descriptor.featureWidth();
        int cells = height * width;
        int n = inputs.size();
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray features = model.backbone(batch(scratch, inputs));
            float[][] embeddings = rows(model.head(features).toFloatArray(), n);
            float[][] featureMaps = rows(features.toFloatArray(), n);
            float[][] gradientMatrices = sharedGradientMatrix != null
                    ? sameForAll(sharedGradientMatrix, n)
                    : HeadJacobian.gradientMatrices(model, featureMaps);
            // B = M A for the whole batch in one libtorch matmul: (N, d, K) x (N, K, h*w).
            NDArray m = scratch.create(concat(gradientMatrices), new Shape(n, dim, channels));
            float[][] bases = rows(m.matMul(features.reshape(n, channels, cells)).toFloatArray(), n);
            List<CamFeatures> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                CamBasis basis = new CamBasis(dim, height, width, bases[i]);
                out.add(new CamFeatures(embeddings[i], channels, height, width, featureMaps[i], gradientMatrices[i],
                        sharedGradientMatrix != null ? basis.withFeatureMap(channels, featureMaps[i]) : basis));
            }
            return out;
        }
    }

    private NDArray batch(NDManager scratch, List<float[]> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an empty batch has nothing to embed");
        }
        int size = 3 * descriptor.inputHeight() * descriptor.inputWidth();
        float[] data = new float[inputs.size() * size];
        for (int i = 0; i < inputs.size(); i++) {
            float[] input = inputs.get(i);
            if (input.length != size) {
                throw new IllegalArgumentException("input " + i + " has " + input.length + " values; model '"
                        + descriptor.name() + "' takes 3 x " + descriptor.inputHeight() + " x "
                        + descriptor.inputWidth() + " = " + size);
            }
            System.arraycopy(input, 0, data, i * size, size);
        }
        return scratch.create(data, new Shape(inputs.size(), 3, descriptor.inputHeight(), descriptor.inputWidth()));
    }

    private static float[][] rows(float[] flat, int n) {
        int length = flat.length / n;
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[length];
            System.arraycopy(flat, i * length, rows[i], 0, length);
        }
        return rows;
    }

    private static float[][] sameForAll(float[] matrix, int n) {
        float[][] all = new float[n][];
        Arrays.fill(all, matrix);
        return all;
    }

    private static float[] concat(float[][] parts) {
        float[] out = new float[parts.length * parts[0].length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, i * parts[i].length, parts[i].length);
        }
        return out;
    }
}
