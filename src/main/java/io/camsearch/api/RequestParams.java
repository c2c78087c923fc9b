package io.camsearch.api;

import io.camsearch.index.MetadataFilter;
import io.camsearch.search.ExplainMode;
import java.util.ArrayList;
import java.util.List;

/** Reads request parameters, with errors that name the parameter (a bad number is a 400 that says so, not a 404). */
final class RequestParams {

    static final int DEFAULT_K = 10;

    private RequestParams() {}

    static int k(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_K;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("k must be a whole number, got '" + text + "'");
        }
    }

    /** A whole number parameter in [min, max], or the default when absent. */
    static int count(String name, String text, int defaultValue, int min, int max) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number in [" + min + ", " + max + "], got '" + text + "'");
    }

    static int k(Integer k) {
        return k == null ? DEFAULT_K : k;
    }

    static MetadataFilter filter(String text) {
        try {
            return MetadataFilter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filter: " + e.getMessage(), e);
        }
    }

    static ExplainMode explain(String text) {
        return ExplainMode.parse(text);
    }

    static double alpha(String text) {
        if (text == null || text.isBlank()) {
            return 0.5;
        }
        try {
            double alpha = Double.parseDouble(text.strip());
            if (alpha >= 0 && alpha <= 1) {
                return alpha;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("alpha must be a number in [0, 1], got '" + text + "'");
    }

    /** A comma-separated id list. */
    static List<String> ids(String text) {
        List<String> ids = new ArrayList<>();
        if (text != null) {
            for (String id : text.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        }
        return ids;
    }
}
