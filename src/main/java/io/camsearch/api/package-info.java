/**
 * The REST API: one resource per concept (searches and search batches, recommendations, items with
 * their similar-items batch and cursor paging, explanations, heatmap images drawn from the map
 * their URL carries), JSON shapes in {@link io.camsearch.api.ApiJson}, errors in {@link io.camsearch.api.ApiErrors}.
 * The work itself happens in {@link io.camsearch.search.VisualSearch}.
 */
package io.camsearch.api;
