package io.camsearch.ingest;

import io.camsearch.image.DecodedImage;
import io.camsearch.index.CatalogItem;
import java.io.IOException;
import java.util.List;

/**
 * What the embedding stage asks of a model: images in, catalog items out. {@link ModelEmbedder} is
 * the real one; a plain function of the pixels serves the tests of ordering and delivery, which
 * need no model.
 */
public interface ImageEmbedder {

    /**
     * The image reduced to what {@link #embed} takes; called on the fetch threads as each image is
     * decoded, so that a batch waiting for the model holds small inputs, not decoded images.
     */
    float[] toInput(DecodedImage image);

    /**
     * Embeds the images as one batch: one item per image, in their order, with the image's id,
     * metadata and thumbnail.
     */
    List<CatalogItem> embed(List<ImageToEmbed> images) throws IOException;

    /** Called once on each model thread as it starts, before it embeds anything. */
    default void startModelThread() {
    }
}
