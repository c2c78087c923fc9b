package io.camsearch.explain;

import io.camsearch.cam.CamFeatures;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Grid;
import io.camsearch.cam.Proxy;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageTensorizer;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * From image bytes to explanations: decode and validate, preprocess for the model, embed with CAM
 * features, and turn a proxy into a heatmap on the original image. The one pipeline the
 * command-line tools and the service share.
 */
public final class ImageExplainer {

    private final EmbeddingCam cam;
    private final ImageDecoder decoder;
    private final ImageTensorizer tensorizer;

    public ImageExplainer(EmbeddingModel model, ImageDecoder decoder) {
        ModelDescriptor d = model.descriptor();
        this.cam = new EmbeddingCam(model);
        this.decoder = decoder;
        this.tensorizer = new ImageTensorizer(d.preprocessing());
    }

    public EmbeddingCam cam() {
        return cam;
    }

    public DecodedImage decode(byte[] bytes) {
        return decoder.decode(bytes);
    }

    /** Decodes and analyzes one image; a bad image throws {@link io.camsearch.image.ImageRejectedException}. */
    public AnalyzedImage analyze(byte[] bytes) {
        return analyzeDecoded(List.of(decode(bytes))).get(0);
    }

    /** Analyzes already decoded images as one batch. */
    public List<AnalyzedImage> analyzeDecoded(List<DecodedImage> images) {
        List<float[]> inputs = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            inputs.add(toInput(image));
        }
        var features = analyzeInputs(inputs);
        List<AnalyzedImage> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(new AnalyzedImage(images.get(i), features.get(i)));
        }
        return out;
    }

    /**
     * The model's input for an image (resized, normalized, CHW). Ingestion prepares inputs as it
     * decodes, so that a batch holds small tensors rather than full-size decoded images.
     */
    public float[] toInput(DecodedImage image) {
        return tensorizer.toChw(image);
    }

    /** Embeds prepared inputs as one batch, with their CAM features. */
    public List<CamFeatures> analyzeInputs(List<float[]> inputs) {
        return cam.analyze(inputs);
    }

    /** The signed map S on {@code image} of what makes it similar to {@code proxy} (over the channels {@code options} keeps). */
    public Grid signedMap(AnalyzedImage image, Proxy proxy, CamOptions options) {
        return options.method().signedMap(image.features(), proxy);
    }

    /** The heatmap on {@code image} of what makes it similar to {@code proxy}, with its box in the image's pixels. */
    public Heatmap explain(AnalyzedImage image, Proxy proxy, CamOptions options) {
        return Heatmap.of(signedMap(image, proxy, options), image.image().width(), image.image().height(), options.threshold());
    }
}
