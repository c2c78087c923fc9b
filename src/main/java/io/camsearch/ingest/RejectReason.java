package io.camsearch.ingest;

import io.camsearch.image.ImageRejectedException;
import io.camsearch.source.SourceException;

/**
 * Why a catalog event went to the dead-letter topic. The names are stable: they are the value of
 * the {@code dead-letter-reason} header and the {@code reason} tag of the DLQ metric.
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
    /** The URL is refused from its text: its scheme, its host (not an allowed host), or {@code file:} URLs are off. */
    URL_NOT_ALLOWED,
    /**
     * The URL could not be fetched: no such file under the root (or not a regular file, or outside
     * it), an address refused by policy, connection refused or timed out, a non-200 answer.
     */
    URL_UNREACHABLE,
    /** The image has more bytes than the limit. */
    IMAGE_TOO_LARGE,
    /** The image declares more pixels, or a longer side, than the limits allow. */
    IMAGE_TOO_MANY_PIXELS,
    /** No image bytes at all. */
    IMAGE_EMPTY,
    /** Not a supported image format. */
    IMAGE_UNSUPPORTED_FORMAT,
    /** A supported format, but broken or truncated. */
    IMAGE_CORRUPT,
    /** The model embedded the image as a zero or non-finite vector, which cannot be searched. */
    EMBEDDING_INVALID,
    /**
     * The item's envelope is larger than the embeddings topic takes (the producer's
     * {@code max.request.size} or the topic's {@code max.message.bytes}); raising the limit and
     * replaying the dead letter publishes it.
     */
    ENVELOPE_TOO_LARGE;

    static RejectReason of(SourceException.Reason reason) {
        return switch (reason) {
            case MISSING -> MISSING_IMAGE;
            case BAD_BASE64 -> BAD_BASE64;
            case NOT_ALLOWED -> URL_NOT_ALLOWED;
            case TOO_LARGE -> IMAGE_TOO_LARGE;
            // Ingestion fetches without permits: BUSY does not happen here, and would be a URL not fetched.
            case UNFETCHABLE, BUSY -> URL_UNREACHABLE;
        };
    }

    /** The reason for an image the decoder rejected: one vocabulary for dead letters and API errors. */
    public static RejectReason of(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case EMPTY -> IMAGE_EMPTY;
            case TOO_MANY_BYTES -> IMAGE_TOO_LARGE;
            case TOO_MANY_PIXELS -> IMAGE_TOO_MANY_PIXELS;
            case UNSUPPORTED_FORMAT -> IMAGE_UNSUPPORTED_FORMAT;
            case CORRUPT -> IMAGE_CORRUPT;
        };
    }
}
