package io.camsearch.api;

/**
 * Searching by image URL: off unless an operator turns it on (the service would fetch what a client
 * names), and when on, how many such fetches may wait on remote servers at once.
 *
 * @param enabled {@code camsearch.source.search-urls}
 * @param fetchPermits {@code camsearch.source.search-fetch-permits}
 */
public record UrlQuerySettings(boolean enabled, int fetchPermits) {

    public UrlQuerySettings {
        if (fetchPermits < 1) {
            throw new IllegalArgumentException("search-fetch-permits must be >= 1, got " + fetchPermits);
        }
    }
}
