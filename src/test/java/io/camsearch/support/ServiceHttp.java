package io.camsearch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.client.WriteToken;
import io.camsearch.local.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP to a {@link ServiceProcess} for the integration tests: its health, metrics, items and
 * searches, each request with a deadline (a request that takes longer fails with
 * {@link java.net.http.HttpTimeoutException}): the one given for all but searches. Health and metrics go to
 * {@link ServiceProcess#managementUrl()}, the API to {@link ServiceProcess#baseUrl()}.
 */
public final class ServiceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ServiceProcess service;
    private final Duration timeout;

    public ServiceHttp(ServiceProcess service, Duration timeout) {
        this.service = service;
        this.timeout = timeout;
    }

    /** A status and its JSON body. */
    public record Answer(int status, JsonNode body) {}

    /** {@code /q/health/<path>}, e.g. "ready" or "group/ingestion". */
    public Answer health(String path) throws IOException, InterruptedException {
        return json(get(service.managementUrl() + "/q/health/" + path));
    }

    /** The value of a Prometheus sample, e.g. {@code camsearch_ingest_consumer_lag}; NaN when absent. */
    public double metric(String sample) throws IOException, InterruptedException {
        String body = get(service.managementUrl() + "/q/metrics").body();
        return body.lines().filter(l -> l.startsWith(sample + " ")).map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    /** The tagged samples of a metric: its lines {@code name{...} value}. */
    public List<String> samples(String name) throws IOException, InterruptedException {
        return get(service.managementUrl() + "/q/metrics").body().lines().filter(l -> l.startsWith(name + "{")).toList();
    }

    /** Items in the index. */
    public int items() throws IOException, InterruptedException {
        return json(get(service.baseUrl() + "/items?limit=1")).body().path("total").asInt();
    }

    /** POST /search with the image inline; a generous deadline of its own (a fresh process's first search warms the model up). */
    public Answer search(byte[] image, int k) throws IOException, InterruptedException {
        return post(searchRequest(image, k));
    }

    /** POST /search as {@link #search(byte[], int)}, waiting at most {@code wait} until this replica shows the writes {@code tokens} name. */
    public Answer search(byte[] image, int k, List<WriteToken> tokens, Duration wait) throws IOException, InterruptedException {
        Map<String, Object> request = searchRequest(image, k);
        request.put("consistency", tokens.stream().map(WriteToken::encode).toList());
        request.put("consistencyWait", wait.toMillis());
        return post(request);
    }

    private static Map<String, Object> searchRequest(byte[] image, int k) {
        return new HashMap<>(Map.of("image", Map.of("base64", Base64.getEncoder().encodeToString(image)), "k", k, "explain", "none"));
    }

    private Answer post(Map<String, Object> request) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(request);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/search")).timeout(SEARCH_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return json(response);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Answer json(HttpResponse<String> response) throws IOException {
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
