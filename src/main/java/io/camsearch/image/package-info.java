/**
 * The one place where untrusted image bytes become model input.
 *
 * <p>{@link io.camsearch.image.ImageDecoder} turns bytes into an upright, 8-bit sRGB
 * {@link io.camsearch.image.DecodedImage}, or rejects them with an
 * {@link io.camsearch.image.ImageRejectedException} that says why; limits are checked before
 * any pixel memory is allocated. {@link io.camsearch.image.ImageTensorizer} turns a decoded
 * image into the normalized CHW float array a network takes.
 *
 * <p>This package is part of the plain core library shared by the service and the command-line
 * tools: it uses only the JDK, ImageIO plugins and metadata-extractor, never Quarkus, Kafka,
 * Lucene or DJL.
 */
package io.camsearch.image;
