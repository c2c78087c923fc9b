/**
 * What the embedder publishes and searchers read: one {@link io.camsearch.embeddings.EmbeddingEnvelope}
 * per catalog item on a compacted topic per model ({@link io.camsearch.embeddings.EmbeddingsTopic}),
 * key = item id, value = the envelope's bytes ({@link io.camsearch.embeddings.EnvelopeCodec}), a
 * Kafka tombstone (null value) for a deleted item. Depends on {@code index} (the item it carries),
 * {@code model} (the identity of the model that made it), {@code cam} (the explanation's stored
 * form) and {@code image} (the thumbnail), on nothing that runs ingestion or search.
 */
package io.camsearch.embeddings;
