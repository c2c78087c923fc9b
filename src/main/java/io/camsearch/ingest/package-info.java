/**
 * Ingestion: catalog events from Kafka become indexed items.
 *
 * <p>The flow is one way: a record is parsed into a {@link io.camsearch.ingest.CatalogEvent}, its
 * image is fetched ({@link io.camsearch.source.ImageFetcher}) and decoded, the batch's images are
 * embedded together, and the items are upserted or deleted in record order; the index commit then
 * records the offsets it includes. A record that cannot become an item goes to the dead-letter
 * topic with a {@link io.camsearch.ingest.RejectReason}, and the batch goes on.
 */
package io.camsearch.ingest;
