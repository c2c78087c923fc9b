/**
 * Heatmaps as people read them: a heatmap of the feature grid with its box in the explained
 * image's pixels ({@link io.camsearch.heatmap.Heatmap}), the text that carries one in a URL
 * ({@link io.camsearch.heatmap.HeatmapToken}), and its pictures ({@link
 * io.camsearch.heatmap.HeatmapRenderer}). The math that makes the grid lives in {@code cam}.
 */
package io.camsearch.heatmap;
