package io.camsearch.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.client.Answers.ConceptAnswer;
import io.camsearch.client.Answers.Heatmap;
import io.camsearch.client.Answers.ImagesBatchAnswer;
import io.camsearch.client.Answers.Item;
import io.camsearch.client.Answers.ItemPage;
import io.camsearch.client.Answers.ItemSummary;
import io.camsearch.client.Answers.ItemsBatchAnswer;
import io.camsearch.client.Answers.RecommendAnswer;
import io.camsearch.client.Answers.SearchAnswer;
import io.camsearch.client.Answers.SearchOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A client of the camsearch REST API. Thread-safe; one per service is enough.
 *
 * <pre>{@code
 * CamsearchClient client = CamsearchClient.builder(URI.create("http://localhost:8080")).apiKey(key).build();
 * SearchAnswer answer = client.search(Files.readAllBytes(shoe), SearchOptions.DEFAULT.withK(5));
 * byte[] png = client.heatmapPng(answer.hits().get(0).onQuery());
 * client.allItems("category=shoe", 200).forEach(item -> ...);
 * // read your writes: the tokens of what your producer published (WriteToken.upsert(id, partition, offset))
 * client.search(image, SearchOptions.DEFAULT.withConsistency(List.of(token)));
 * }</pre>
 *
 * <p>Every call throws {@link CamsearchApiException} when the service answers an error (with its
 * code and message) and {@link IOException} when it cannot be reached or answers something that
 * is not the API's JSON. An endpoint is one method over {@link #get}, {@link #postJson} or {@link
 * #postImage}: its path, its parameters and its answer's record in {@link Answers}.
 */
public final class CamsearchClient {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String API_KEY_HEADER = "X-Api-Key";

    private final URI base;
    private final HttpClient http;
    private final String apiKey;
    private final Duration timeout;

    private CamsearchClient(Builder builder) {
        this.base = builder.base;
        this.http = HttpClient.newBuilder().connectTimeout(builder.timeout).build();
        this.apiKey = builder.apiKey;
        this.timeout = builder.timeout;
    }

    /** {@code base}: the service's API root, e.g. {@code http://localhost:8080}. */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    public static final class Builder {
        private final URI base;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(URI base) {
            Objects.requireNonNull(base, "base");
            String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
                throw new IllegalArgumentException("the service's base URI must be an absolute http or https URI, got '" + base + "'");
            }
            this.base = base;
        }

        /** Sent as {@code X-Api-Key} on every call: a search key, or an admin key. */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("an API key must not be blank");
            }
            this.apiKey = key.strip();
            return this;
        }

        /** How long one call (and connecting) may take; 60 s by default. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public CamsearchClient build() {
            return new CamsearchClient(this);
        }
    }

    /** POST /search with an uploaded image (JPEG, PNG, ... as the service accepts). */
    public SearchAnswer search(byte[] image, SearchOptions options) throws IOException {
        return postImage("/search", searchParameters(options), image, SearchAnswer.class);
    }

    /** POST /search with an image the service fetches (only when it enables searching by URL). */
    public SearchAnswer searchByUrl(String imageUrl, SearchOptions options) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", Map.of("url", imageUrl));
        body.putAll(searchParameters(options));
        return postJson("/search", body, SearchAnswer.class);
    }

    /** GET /items/{id}/similar: the catalog item as the query, itself excluded. */
    public SearchAnswer similar(String id, SearchOptions options) throws IOException {
        return get("/items/" + segment(id) + "/similar", searchParameters(options), SearchAnswer.class);
    }

    /** POST /items/similar: {@link #similar} for each id in one call, answered in the order asked; an unknown id is its entry's error. */
    public ItemsBatchAnswer similar(List<String> ids, SearchOptions options) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ids", ids);
        body.putAll(searchParameters(options));
        return postJson("/items/similar", body, ItemsBatchAnswer.class);
    }

    /** POST /search/batch: {@link #search} for each image in one call (one model pass), answered in the order sent. */
    public ImagesBatchAnswer searchBatch(List<byte[]> images, SearchOptions options) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", images.stream().map(CamsearchClient::base64).toList());
        body.putAll(searchParameters(options));
        return postJson("/search/batch", body, ImagesBatchAnswer.class);
    }

    /**
     * POST /recommend: more like {@code positive}, less like {@code negative} (item ids), the examples
     * excluded; each hit's heatmap shows what it shares with the positives.
     */
    public RecommendAnswer recommend(List<String> positive, List<String> negative, int k, String filter) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("positive", positive);
        body.put("negative", negative);
        body.put("k", k);
        if (filter != null) {
            body.put("filter", filter);
        }
        return postJson("/recommend", body, RecommendAnswer.class);
    }

    /** GET /items/{id} */
    public Item item(String id) throws IOException {
        return get("/items/" + segment(id), Map.of(), Item.class);
    }

    /** The first page of GET /items in id order ({@code filter} may be null); follow it with {@link #itemsAfter}. */
    public ItemPage items(String filter, int limit) throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("filter", filter);
        parameters.put("limit", limit);
        return get("/items", parameters, ItemPage.class);
    }

    /** The page after the one whose {@code next} is {@code cursor}, in a walk over {@code filter} (the first page's). */
    public ItemPage itemsAfter(String filter, String cursor, int limit) throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("filter", filter);
        parameters.put("cursor", Objects.requireNonNull(cursor, "cursor"));
        parameters.put("limit", limit);
        return get("/items", parameters, ItemPage.class);
    }

    /**
     * Every item matching the filter, in id order, fetched a page at a time as the stream is read.
     * The catalog may change meanwhile: an item present for the whole walk comes exactly once, one
     * deleted before its page does not come, one added comes if its id sorts after the page read
     * last. A failing call ends the stream with {@link UncheckedIOException} or {@link CamsearchApiException}.
     */
    public Stream<ItemSummary> allItems(String filter, int pageSize) {
        Iterator<ItemSummary> walk = new Iterator<>() {
            private ItemPage page;
            private int next;

            @Override
            public boolean hasNext() {
                try {
                    if (page == null) {
                        page = items(filter, pageSize);
                    }
                    while (next == page.items().size() && page.next() != null) {
                        page = itemsAfter(filter, page.next(), pageSize);
                        next = 0;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return next < page.items().size();
            }

            @Override
            public ItemSummary next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the walk over the catalog has ended");
                }
                return page.items().get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** POST /explain: the image against the listed items, one hit with heatmaps per item, in the order asked. */
    public SearchAnswer explain(byte[] image, List<String> ids) throws IOException {
        return postJson("/explain", Map.of("image", base64(image), "ids", ids), SearchAnswer.class);
    }

    /** POST /explain: the image against the concept of the items matching {@code filter} (their normalized mean embedding). */
    public ConceptAnswer explainConcept(byte[] image, String filter) throws IOException {
        return postJson("/explain", Map.of("image", base64(image), "concept", Map.of("filter", filter)), ConceptAnswer.class);
    }

    /** POST /explain: the image against the concept of the listed items. */
    public ConceptAnswer explainConcept(byte[] image, List<String> ids) throws IOException {
        return postJson("/explain", Map.of("image", base64(image), "concept", Map.of("ids", ids)), ConceptAnswer.class);
    }

    /** The heatmap in colour with its box, at the explained image's size. */
    public byte[] heatmapPng(Heatmap heatmap) throws IOException {
        return png(require(heatmap.heatmapUrl(), "heatmapUrl"));
    }

    /** The heatmap over the catalog item's image; only heatmaps on catalog items have one. */
    public byte[] overlayPng(Heatmap heatmap) throws IOException {
        return png(require(heatmap.overlayUrl(), "overlayUrl"));
    }

    /** Any image URL of an answer (heatmapUrl, overlayUrl, imageUrl): a path under the service's base URI. */
    public byte[] png(String url) throws IOException {
        return send(request(uri(url, Map.of())).GET()).body();
    }

    // --- the three ways to call an endpoint; a new endpoint is one method over one of them ---

    /** GET {@code path} with query parameters (null values left out, lists comma-separated), answered with JSON read as {@code type}. */
    <T> T get(String path, Map<String, ?> parameters, Class<T> type) throws IOException {
        return read(send(request(uri(path, parameters)).GET()), type);
    }

    /** POST {@code body} as JSON to {@code path}, answered with JSON read as {@code type}. */
    <T> T postJson(String path, Object body, Class<T> type) throws IOException {
        HttpRequest.Builder request = request(uri(path, Map.of())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        return read(send(request), type);
    }

    /** POST {@code image} as the multipart form field {@code image} to {@code path}, with query parameters. */
    <T> T postImage(String path, Map<String, ?> parameters, byte[] image, Class<T> type) throws IOException {
        String boundary = "camsearch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(image.length + 256);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"image\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = request(uri(path, parameters)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return read(send(request), type);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        if (apiKey != null) {
            request.header(API_KEY_HEADER, apiKey);
        }
        return request;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling " + request.build().uri().getPath());
        }
        if (response.statusCode() >= 400) {
            throw error(response);
        }
        return response;
    }

    private static CamsearchApiException error(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            JsonNode json = JSON.readTree(response.body());
            if (json != null && json.hasNonNull("error") && json.hasNonNull("message")) {
                return new CamsearchApiException(status, json.get("error").asText(), json.get("message").asText(),
                        json.hasNonNull("errorId") ? json.get("errorId").asText() : null);
            }
        } catch (IOException e) {
            // not the API's JSON: answered below
        }
        // Something between the client and the service (a proxy, a gateway) answered: its body is not repeated.
        return new CamsearchApiException(status, "HTTP_" + status, "the answer to " + response.request().uri().getPath()
                + " is not the API's JSON error", null);
    }

    private static <T> T read(HttpResponse<byte[]> response, Class<T> type) throws IOException {
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new IOException("the answer to " + response.request().uri().getPath() + " is not the JSON of " + type.getSimpleName(), e);
        }
    }

    private URI uri(String path, Map<String, ?> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null) {
                String text = value instanceof Collection<?> list ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : value.toString();
                query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=').append(encode(text));
            }
        });
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        return URI.create(root + path + query);
    }

    private static Map<String, Object> searchParameters(SearchOptions options) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("k", options.k());
        parameters.put("filter", options.filter());
        parameters.put("explain", options.explain() == null ? null : options.explain().name().toLowerCase(Locale.ROOT));
        parameters.put("consistency", options.consistency().isEmpty() ? null : options.consistency().stream().map(WriteToken::encode).toList());
        parameters.put("consistencyWait", options.consistencyWait() == null ? null : options.consistencyWait().toMillis());
        parameters.values().removeIf(Objects::isNull);
        return parameters;
    }

    private static Map<String, String> base64(byte[] image) {
        return Map.of("base64", Base64.getEncoder().encodeToString(image));
    }

    private static String require(String url, String field) {
        if (url == null) {
            throw new IllegalArgumentException("this heatmap has no " + field + " (see the API reference: when a heatmap has one)");
        }
        return url;
    }

    private static String segment(String id) {
        return encode(id);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
