/**
 * Getting an image's bytes safely: inline, from an http(s) URL, or from a file under a root
 * ({@link io.camsearch.source.ImageFetcher}). Fetching is bounded (one deadline, a byte cap) and
 * guarded against server-side request forgery ({@link io.camsearch.source.AddressPolicy}); every
 * failure is a {@link io.camsearch.source.SourceException}, which ingestion and the API each map
 * to their own answers. Depends on no other camsearch package but {@code logging}.
 */
package io.camsearch.source;
