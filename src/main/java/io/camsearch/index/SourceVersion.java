package io.camsearch.index;

/**
 * An item's version: where the catalog event it was made from sits in {@code catalog-images}.
 * Events are keyed by item id, so all versions of an item come from one partition, where a larger
 * offset is a later event; a searcher that receives an older version (an embedder replaying after
 * a crash) keeps what it has. Stored with the item in the index, and carried in the embeddings
 * topic's envelope: one type for both, here, since the index knows nothing of topics.
 */
public record SourceVersion(int partition, long offset) {

    public SourceVersion {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a source version needs a partition and offset >= 0, got partition " + partition + ", offset " + offset);
        }
    }

    /**
     * Whether this version is later than {@code held}. Versions of one item from two partitions
     * have no order (the source topic was repartitioned, so its key moved): an error rather than
     * a guess that could bring back an old image.
     */
    public boolean isNewerThan(SourceVersion held) {
        if (partition != held.partition) {
            throw new IllegalArgumentException("versions from partitions " + partition + " and " + held.partition
                    + " of the source topic cannot be ordered: an item's events must stay in one partition (was the topic repartitioned?)");
        }
        return offset > held.offset;
    }

    /**
     * Whether an item at this version shows the event at {@code write}: the same partition, at or
     * after its offset (the event itself, or a later one of the item). A version from another
     * partition has no order with it (see {@link #isNewerThan}), so it does not show it.
     */
    public boolean includes(SourceVersion write) {
        return partition == write.partition && offset >= write.offset;
    }

    @Override
    public String toString() {
        return "partition " + partition + ", offset " + offset;
    }
}
