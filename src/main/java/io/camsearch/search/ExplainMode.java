package io.camsearch.search;

import java.util.Locale;

/** Which heatmaps a search returns per hit. */
public enum ExplainMode {
    /** None: the plain nearest-neighbour search. */
    NONE,
    /** On the query image, what makes it similar to each hit. */
    QUERY,
    /** Also on each hit, what makes it similar to the query. */
    BOTH;

    public boolean onQuery() {
        return this != NONE;
    }

    public boolean onHit() {
        return this == BOTH;
    }

    /** Reads {@code none}, {@code query} or {@code both} (any case); blank means {@code query}. */
    public static ExplainMode parse(String text) {
        if (text == null || text.isBlank()) {
            return QUERY;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("explain must be none, query or both, got '" + text + "'");
        }
    }
}
