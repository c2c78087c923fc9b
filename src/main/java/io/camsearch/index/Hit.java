package io.camsearch.index;

/**
 * A search result.
 *
 * @param cosine the cosine similarity of the query and the item's embeddings, in [-1, 1]
 */
public record Hit(CatalogItem item, double cosine) {}
