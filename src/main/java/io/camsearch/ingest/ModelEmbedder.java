package io.camsearch.ingest;

import io.camsearch.cam.CamFeatures;
import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.DecodedImage;
import io.camsearch.index.CatalogItem;
import io.camsearch.model.TorchRuntime;
import java.util.ArrayList;
import java.util.List;

/** The embedding stage's model: the explainer's embedding of each image, with its CAM basis. */
public final class ModelEmbedder implements ImageEmbedder {

    private final ImageExplainer explainer;
    private final int intraOpThreads;

    /**
     * @param intraOpThreads libtorch intra-op threads of each model thread (see
     *     {@link IngestSettings#modelThreads()})
     */
    public ModelEmbedder(ImageExplainer explainer, int intraOpThreads) {
        this.explainer = explainer;
        this.intraOpThreads = intraOpThreads;
    }

    @Override
    public float[] toInput(DecodedImage image) {
        return explainer.toInput(image);
    }

    @Override
    public List<CatalogItem> embed(List<ImageToEmbed> images) {
        List<float[]> inputs = new ArrayList<>(images.size());
        for (ImageToEmbed image : images) {
            inputs.add(image.input());
        }
        List<CamFeatures> features = explainer.analyzeInputs(inputs);
        assert features.size() == images.size() : features.size() + " embeddings of " + images.size() + " images";
        List<CatalogItem> items = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            ImageToEmbed image = images.get(i);
            CamFeatures f = features.get(i);
            items.add(new CatalogItem(image.id(), f.embedding(), f.basis(), image.metadata(), image.thumbnail()));
        }
        return items;
    }

    /**
     * Limits the thread's intra-op threads as it starts: a thread that starts while the limit is
     * being set could take it as its default, and at startup no search runs yet.
     */
    @Override
    public void startModelThread() {
        TorchRuntime.limitIntraOpThreads(intraOpThreads);
    }
}
