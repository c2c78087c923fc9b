package io.camsearch.explain;

import io.camsearch.cam.CamFeatures;
import io.camsearch.heatmap.Colormap;
import io.camsearch.cam.EmbeddingCam;
import io.camsearch.cam.Explanation;
import io.camsearch.cam.Grid;
import io.camsearch.heatmap.OverlayRenderer;
import io.camsearch.cam.Proxy;
import io.camsearch.image.DecodedImage;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageTensorizer;
import io.camsearch.model.EmbeddingModel;
import io.camsearch.model.ModelDescriptor;
import java.awt.image.BufferedImage;
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

    /** The heatmap on {@code image} of what makes it similar to {@code proxy}. */
    public Explanation explain(AnalyzedImage image, Proxy proxy, CamOptions options) {
        Grid signed = options.topChannels() > 0
                ? image.features().signedMap(proxy, options.topChannels())
                : image.features().signedMap(proxy);
        return Explanation.of(signed, image.image().width(), image.image().height(), options.threshold());
    }

    /** The heatmap as a colour overlay on the original image, with its box, as PNG bytes. */
    public static byte[] overlayPng(AnalyzedImage image, Explanation explanation, double alpha) {
        BufferedImage overlay = new OverlayRenderer(Colormap.TURBO, alpha).overlay(image.image().image(), explanation.imageMap());
        explanation.box().ifPresent(box -> OverlayRenderer.drawBox(overlay, box, OverlayRenderer.PREDICTED_BOX_RGB));
        return OverlayRenderer.png(overlay);
    }
}
