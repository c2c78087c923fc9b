/**
 * The request side: a query (an image, or a catalog item) becomes the nearest items, each with
 * its EmbeddingCAM heatmaps; a batch answers many queries on one index searcher (images in one
 * forward pass), and a recommendation searches from examples ({@link io.camsearch.search.Recommendation}).
 *
 * <p>Both heatmaps of a hit cost no backward pass at query time (the math: package {@code
 * io.camsearch.cam}, where the derivation lives once). On the query image, the proxy is
 * the hit's stored embedding and the map comes from the query's CAM basis (computed once for all
 * hits); on the hit, the proxy is the query's embedding and the map comes from the basis stored
 * with the hit at ingest. Nothing of a search is kept: each heatmap travels as a {@link
 * io.camsearch.heatmap.HeatmapToken} that its image URLs carry, so any replica draws them, at any time.
 */
package io.camsearch.search;
