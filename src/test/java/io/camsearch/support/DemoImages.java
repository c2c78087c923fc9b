package io.camsearch.support;

import io.camsearch.explain.AnalyzedImage;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.ImageDecoder;
import io.camsearch.image.ImageLimits;
import io.camsearch.model.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/** Demo catalog images analyzed by a model: embeddings and CAM features of real images for tests of the explanation math. */
public final class DemoImages {

    private DemoImages() {}

    /** Images 0 .. perClass - 1 of classes 0 .. classes - 1, class by class. */
    public static List<AnalyzedImage> analyzed(EmbeddingModel model, int classes, int perClass) {
        ImageExplainer explainer = new ImageExplainer(model, new ImageDecoder(ImageLimits.DEFAULT));
        List<AnalyzedImage> images = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                images.add(explainer.analyze(CatalogImages.png(c, i)));
            }
        }
        return images;
    }
}
