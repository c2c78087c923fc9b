/**
 * The held-out world: an independent synthetic catalog for evaluation only, never for training.
 * Its glyphs, fills, backdrops, lighting and defocus are its own code and its own shapes; it
 * shares nothing with the training generator ({@code io.camsearch.dataset}) but the CUB layout
 * writer, {@link io.camsearch.dataset.CubWriter}, and the image record it writes.
 * {@link io.camsearch.dataset.heldout.HeldoutWorld} is the entry point.
 */
package io.camsearch.dataset.heldout;
