package io.camsearch.ingest;

import io.camsearch.index.CatalogItem;

/**
 * One change to the index, as the {@link IndexApplier} takes it: whatever made it (images
 * embedded here, or items read from another topic), it is applied the same way, in record order.
 */
public sealed interface Change {

    /** Add the item, or replace the item with its id. */
    record Upsert(CatalogItem item) implements Change {}

    /** Remove the item with this id, if there is one. */
    record Delete(String id) implements Change {}

    /** No change to the index: the record goes to the dead-letter topic. */
    record Reject(DeadLetter letter) implements Change {}
}
