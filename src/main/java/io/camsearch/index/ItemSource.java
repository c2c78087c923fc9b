package io.camsearch.index;

/**
 * Where the source event an item was made from sits (its partition and offset in
 * {@code catalog-images}), stored with the item so that a searcher can tell whether a copy it
 * receives later is older than the one it holds ({@code embeddings.SourceVersion} orders them;
 * the index only keeps the two numbers, as it knows nothing of topics).
 */
public record ItemSource(int partition, long offset) {

    public ItemSource {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("an item's source needs a partition and offset >= 0, got partition " + partition + ", offset " + offset);
        }
    }
}
