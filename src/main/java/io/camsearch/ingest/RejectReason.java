package io.camsearch.ingest;

/**
 * Why ingestion itself rejects a catalog event: its format, or an embedding that cannot be
 * searched. An image that could not be had or decoded keeps the reason its own package gave
 * ({@link io.camsearch.source.SourceException.Reason}, {@link io.camsearch.image.ImageRejectedException.Reason});
 * {@link EventRejectedException} names each as a dead letter. The names are stable: they are the
 * value of the {@code dead-letter-reason} header and the {@code reason} tag of the DLQ metric.
 */
public enum RejectReason {
    /** The value is not a JSON object. */
    MALFORMED_JSON,
    /** Neither the key nor the JSON carries an item id, or the id is blank. */
    MISSING_ID,
    /** The item id breaks the {@link io.camsearch.index.ItemId} rule: too long, a character outside its alphabet, or {@code .} / {@code ..}. */
    BAD_ID,
    /** The record key and the JSON id differ. */
    ID_MISMATCH,
    /** No {@code image}, or neither or both of {@code url} and {@code base64}. */
    MISSING_IMAGE,
    /** {@code metadata} is not an object of string and number values with simple keys. */
    BAD_METADATA,
    /** {@code image.base64} is not base64. */
    BAD_BASE64,
    /** The model embedded the image as a zero or non-finite vector, which cannot be searched. */
    EMBEDDING_INVALID,
    /**
     * The item's envelope is larger than the embeddings topic takes (the producer's
     * {@code max.request.size} or the topic's {@code max.message.bytes}); raising the limit and
     * replaying the dead letter publishes it.
     */
    ENVELOPE_TOO_LARGE
}
