/**
 * Ingestion: catalog events from Kafka become indexed items.
 *
 * <p>The flow is one way, in stages with one owner each ({@link io.camsearch.ingest.CatalogIngestor}
 * puts them together): a record is parsed into a {@link io.camsearch.ingest.CatalogEvent}, its
 * image is fetched and decoded ({@link io.camsearch.ingest.FetchStage}), a chunk's images are
 * embedded together ({@link io.camsearch.ingest.EmbeddingStage}, behind an
 * {@link io.camsearch.ingest.ImageEmbedder}), and the resulting {@link io.camsearch.ingest.Change}s
 * are applied in record order by the {@link io.camsearch.ingest.IndexApplier}, the index's one
 * writer, whose commits record the {@link io.camsearch.ingest.Positions} they include. A record
 * that cannot become an item goes to the dead-letter topic with the reason of an
 * {@link io.camsearch.ingest.EventRejectedException}, and the batch goes on.
 *
 * <p>A searcher replica takes the other path to the same applier: its
 * {@link io.camsearch.ingest.EmbeddingsTopicReader} reads the embedder's envelopes from a model's
 * embeddings topic (every partition, positions in the index commit) and applies them as
 * {@link io.camsearch.ingest.Change}s, with no image or model work of its own.
 *
 * <p>An embedder runs the same stages into another {@link io.camsearch.ingest.ChangeApplier}: the
 * {@link io.camsearch.ingest.EmbeddingsPublisher} publishes the changes to the model's embeddings
 * topic, and {@link io.camsearch.ingest.CatalogEmbedder} commits the consumer group's offsets only
 * as far as the broker has acknowledged them.
 */
package io.camsearch.ingest;
