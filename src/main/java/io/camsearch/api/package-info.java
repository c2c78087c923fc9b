/**
 * The REST API: one resource per concept (searches, items, explanations, heatmap images drawn
 * from the map their URL carries), JSON shapes in {@link io.camsearch.api.ApiJson}, errors in {@link io.camsearch.api.ApiErrors}.
 * The work itself happens in {@link io.camsearch.search.VisualSearch}.
 */
package io.camsearch.api;
