/**
 * Read your writes: a search that carries the {@link io.camsearch.client.WriteToken}s of writes
 * its caller made waits, up to a bound, until this replica's index shows them. Plain (no
 * framework) code over the index, so that the one-process service and a searcher replica reading
 * the embeddings topic check writes the same way: by the source version stored with each item.
 */
package io.camsearch.consistency;
