package io.camsearch.api;

import io.camsearch.client.WriteToken;
import io.camsearch.heatmap.Heatmap;
import io.camsearch.heatmap.HeatmapRenderer;
import io.camsearch.heatmap.HeatmapToken;
import io.camsearch.index.ItemId;
import io.camsearch.index.MetadataFilter;
import io.camsearch.search.ExplainMode;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request parameters, with errors that name the parameter (a bad number is a 400 that says
 * so, not a 404). Everything wrong here is the client's: it is thrown as a {@link BadRequestException}.
 */
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
            throw new BadRequestException("k must be a whole number, got '" + text + "'");
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
        throw new BadRequestException(name + " must be a whole number in [" + min + ", " + max + "], got '" + text + "'");
    }

    /** How many score regions each heatmap lists when a request does not say. */
    static final int DEFAULT_REGIONS = 3;

    static int regions(String text) {
        return count("regions", text, DEFAULT_REGIONS, 0, Heatmap.MAX_REGIONS);
    }

    static int regions(Integer regions) {
        return regions(regions == null ? null : regions.toString());
    }

    static int k(Integer k) {
        return k == null ? DEFAULT_K : k;
    }

    static MetadataFilter filter(String text) {
        try {
            return MetadataFilter.parse(text);
        } catch (IllegalArgumentException e) {
            // The filter's own rule is broken, by the client who wrote it.
            throw new BadRequestException("filter: " + e.getMessage());
        }
    }

    static ExplainMode explain(String text) {
        try {
            return ExplainMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** The heatmap token a search answer's image URL carries; a malformed one is the client's (a hand-made or cut URL). */
    static HeatmapToken heatmap(String parameter, String token) {
        try {
            return HeatmapToken.decode(parameter, token);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    static double alpha(String text) {
        if (text == null || text.isBlank()) {
            return HeatmapRenderer.DEFAULT_ALPHA;
        }
        try {
            double alpha = Double.parseDouble(text.strip());
            if (alpha >= 0 && alpha <= 1) {
                return alpha;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("alpha must be a number in [0, 1], got '" + text + "'");
    }

    /** An item id from the request ({@code where} names the parameter), checked against the {@link ItemId} rule. */
    static String id(String where, String id) {
        ItemId.problem(id).ifPresent(problem -> {
            throw new BadRequestException("BAD_ID", Response.Status.BAD_REQUEST, where + ": " + problem);
        });
        return id;
    }

    /** The number of queries in a batch ({@code what} names them), 1 to {@code max}. */
    static void batchSize(String what, int size, int max) {
        if (size < 1) {
            throw new BadRequestException("EMPTY_BATCH", Response.Status.BAD_REQUEST, what + ": a batch needs at least one, got none");
        }
        if (size > max) {
            throw new BadRequestException("BATCH_TOO_LARGE", Response.Status.BAD_REQUEST,
                    what + ": a batch may carry at most " + max + " (camsearch.search.max-batch), got " + size);
        }
    }

    /** Most consistency tokens one request may carry. */
    static final int MAX_CONSISTENCY_TOKENS = 100;
    static final String CONSISTENCY_DOC = "read your writes: consistency tokens of writes this search must see (at most "
            + MAX_CONSISTENCY_TOKENS + "; in a query string comma-separated or repeated); it waits until this replica shows them";
    static final String CONSISTENCY_WAIT_DOC = "milliseconds a search with consistency tokens may wait for them (default and most: "
            + "camsearch.search.max-consistency-wait); past it, 503 CONSISTENCY_TIMEOUT";

    /**
     * The writes a search must see first and how long it may wait for them: {@code tokens} each one
     * token or several joined by commas (null: none); {@code waitMillis} absent waits up to {@code
     * max}, and more than {@code max} is cut to it.
     */
    static Consistency consistency(List<String> tokens, String waitMillis, Duration max) {
        long most = max.toMillis();
        int millis = count("consistencyWait", waitMillis, (int) Math.min(most, Integer.MAX_VALUE), 0, Integer.MAX_VALUE);
        List<String> texts = new ArrayList<>();
        for (String joined : tokens == null ? List.<String>of() : tokens) {
            for (String token : (joined == null ? "" : joined).split(",", -1)) {
                texts.add(token.strip());
            }
        }
        if (texts.isEmpty()) {
            return Consistency.NONE;
        }
        if (texts.size() > MAX_CONSISTENCY_TOKENS) {
            throw new BadRequestException(Consistency.BAD_TOKEN, Response.Status.BAD_REQUEST,
                    "consistency: a search may carry at most " + MAX_CONSISTENCY_TOKENS + " tokens, got " + texts.size());
        }
        List<WriteToken> writes = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            writes.add(Consistency.token("consistency[" + i + "]", texts.get(i)));
        }
        return new Consistency(writes, Duration.ofMillis(Math.min(millis, most)));
    }

    static Consistency consistency(List<String> tokens, Integer waitMillis, Duration max) {
        return consistency(tokens, waitMillis == null ? null : waitMillis.toString(), max);
    }

    /** A list of item ids from a JSON body; null means none. */
    static List<String> ids(String where, List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            checked.add(id(where + "[" + i + "]", ids.get(i)));
        }
        return checked;
    }

    /** A comma-separated id list (a query parameter named {@code where}). */
    static List<String> ids(String where, String text) {
        List<String> ids = new ArrayList<>();
        if (text != null) {
            for (String id : text.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        }
        return ids(where, ids);
    }
}
