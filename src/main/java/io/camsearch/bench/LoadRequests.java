package io.camsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The requests the load benchmark's clients send, each with the client's timeout. */
final class LoadRequests {

    static final String BOUNDARY = "camsearch-bench-load-boundary";

    private final String baseUrl;
    private final List<String> itemIds;
    private final List<byte[]> uploads;
    private final byte[] slowUrlSearch;
    private final Duration timeout;

    /**
     * @param itemIds the items to ask for similar items of
     * @param uploads the PNG images to upload as queries
     * @param slowImageUrl the image URL that answers slowly
     */
    LoadRequests(String baseUrl, List<String> itemIds, List<byte[]> uploads, String slowImageUrl, Duration timeout) {
        if (itemIds.isEmpty() || uploads.isEmpty()) {
            throw new IllegalArgumentException("the load needs at least one item id and one image to upload");
        }
        this.baseUrl = baseUrl;
        this.itemIds = List.copyOf(itemIds);
        this.uploads = uploads.stream().map(LoadRequests::multipart).toList();
        this.slowUrlSearch = json(Map.of("image", Map.of("url", slowImageUrl)));
        this.timeout = timeout;
    }

    HttpRequest next(ClientKind kind, RandomGenerator random) {
        return switch (kind) {
            case SIMILAR -> request("/items/" + URLEncoder.encode(pick(itemIds, random), StandardCharsets.UTF_8) + "/similar?explain=both")
                    .GET().build();
            case UPLOAD -> request("/search?explain=query")
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(pick(uploads, random))).build();
            case SLOW_URL -> request("/search")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(slowUrlSearch)).build();
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).header("Accept", "application/json");
    }

    private static <T> T pick(List<T> values, RandomGenerator random) {
        return values.get(random.nextInt(values.size()));
    }

    /** A multipart/form-data body with the PNG in the form field {@code image}. */
    static byte[] multipart(byte[] png) {
        return multipart(List.of(png));
    }

    /** A multipart/form-data body with each PNG in a form field named {@code image}, in order. */
    static byte[] multipart(List<byte[]> pngs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] png : pngs) {
            body.writeBytes(("--" + BOUNDARY + "\r\n"
                    + "Content-Disposition: form-data; name=\"image\"; filename=\"query.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(png);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static byte[] json(Object value) {
        try {
            return new ObjectMapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings could not be written as JSON", e);
        }
    }
}
