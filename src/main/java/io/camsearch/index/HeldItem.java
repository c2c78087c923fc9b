package io.camsearch.index;

/**
 * What the index holds of one id: nothing, or an item with the version it was made from.
 *
 * @param present whether an item has the id
 * @param source the item's source version; null when absent, or when the item was indexed before
 *     sources were stored
 */
public record HeldItem(boolean present, SourceVersion source) {

    public static final HeldItem ABSENT = new HeldItem(false, null);

    public HeldItem {
        assert present || source == null : "an absent item has no source version, got " + source;
    }
}
