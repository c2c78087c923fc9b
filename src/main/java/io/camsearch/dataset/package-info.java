/**
 * The project's image data: a deterministic synthetic product catalog written in CUB-200-2011's
 * directory layout, and a reader for that layout that also reads the real CUB-200-2011.
 *
 * <p>{@link io.camsearch.dataset.SyntheticCatalog} paints the catalog; its classes
 * ({@link io.camsearch.dataset.ProductClass}) are shape x colour x pattern, ordered by
 * {@link io.camsearch.dataset.ClassOrder} so that both class halves (train on the first, evaluate
 * on the unseen second, as the EmbeddingCAM paper does on CUB) hold every shape, colour and
 * pattern. {@link io.camsearch.dataset.CubDataset} reads any CUB-layout directory into
 * {@link io.camsearch.dataset.CubImage} records, and
 * {@link io.camsearch.dataset.SegmentationMask} loads a mask at the size a model needs.
 *
 * <p>{@link io.camsearch.dataset.WideWorld} is the same generator's wider training world (more
 * silhouettes, fills, lighting, scale, blur and backdrops), written only when asked for.
 * {@link io.camsearch.dataset.CubWriter} writes any generator's images in the CUB layout; it is
 * the only piece the independent held-out world ({@code io.camsearch.dataset.heldout}) shares.
 *
 * <p>Plain core library: the JDK (Java2D, ImageIO), Jackson for {@code catalog.json}, and the
 * {@link io.camsearch.cam.Box} and {@link io.camsearch.cam.Grid} types.
 */
package io.camsearch.dataset;
