package io.camsearch.search;

import io.camsearch.heatmap.Heatmap;

/**
 * The heatmap of a concept on an image: the concept is the normalized mean proxy of a set of
 * catalog items (those matching a filter, or listed by id).
 *
 * @param members the items averaged into the proxy
 * @param matched the items that matched (more than {@code members} when capped)
 * @param cosine the cosine similarity of the image and the concept's proxy
 */
public record ConceptResult(int queryWidth, int queryHeight, int members, int matched, double cosine, Heatmap heatmap,
                            SearchResult.Timings timings) {}
