package io.camsearch.ingest;

import io.camsearch.image.Thumbnail;
import java.util.Map;

/**
 * A catalog image ready for the embedding stage: the item's id and metadata, the image reduced to
 * the embedder's input ({@link ImageEmbedder#toInput}), and its thumbnail.
 */
public record ImageToEmbed(String id, Map<String, Object> metadata, float[] input, Thumbnail thumbnail) {

    public ImageToEmbed {
        metadata = Map.copyOf(metadata);
    }
}
