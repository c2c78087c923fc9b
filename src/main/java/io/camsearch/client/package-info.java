/**
 * A small Java client of the camsearch REST API: only {@code java.net.http} and Jackson, and
 * nothing of the service itself (it may be copied into another project as it is). {@link
 * io.camsearch.client.CamsearchClient} calls the endpoints; {@link io.camsearch.client.Answers}
 * holds the typed answers; {@link io.camsearch.client.CamsearchApiException} carries the API's
 * error code and message.
 */
package io.camsearch.client;
