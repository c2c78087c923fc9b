package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.ItemId;
import io.camsearch.index.MetadataFilter;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.camsearch.support.PngFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The error boundary of the real application: every client error a 4xx with {@code {"error",
 * "message"}} naming the problem (no Java class names), every fault of the service a 500 with an
 * error id that its log line carries.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ApiErrorsTest {

    private static final String JAVA_NAMES = "(?s).*(com\\.fasterxml|java\\.lang|io\\.camsearch|Exception).*";

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A 4xx with the code, a message containing {@code part}, and no Java class names. */
    private static void clientError(ValidatableResponse response, int status, String code, String part) {
        response.log().ifValidationFails().statusCode(status).contentType("application/json").body("error", equalTo(code)).body("message", containsString(part))
                .body("message", not(matchesPattern(JAVA_NAMES)));
    }

    // --- filters: bounded below Lucene's clause limit ---

    @Test
    void aFilterOverLucenesClauseLimitIsA400NamingTheLimitNotA500() {
        String values = IntStream.rangeClosed(1, 1025).mapToObj(i -> "v" + i).collect(Collectors.joining(","));
        clientError(search("c=" + values), 400, "BAD_REQUEST", "filter on 'c' lists 1025 values; at most " + MetadataFilter.MAX_VALUES_PER_CLAUSE);
        String clauses = IntStream.rangeClosed(1, MetadataFilter.MAX_CLAUSES + 1).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(";"));
        clientError(given().queryParam("filter", clauses).get("/items").then(), 400, "BAD_REQUEST",
                "filter has " + (MetadataFilter.MAX_CLAUSES + 1) + " conditions; at most " + MetadataFilter.MAX_CLAUSES);
    }

    /** Issue 11's request as sent, in the URL: over the HTTP layer's default 4096-byte request line, which answered an empty 414. */
    @Test
    void aFilterOverTheClauseLimitInTheUrlIsA400NamingTheLimitNotAnEmpty414() {
        String values = IntStream.rangeClosed(1, 1025).mapToObj(i -> "v" + i).collect(Collectors.joining(","));
        clientError(given().urlEncodingEnabled(false).get("/items?filter=c=" + values).then(), 400, "BAD_REQUEST",
                "filter on 'c' lists 1025 values; at most " + MetadataFilter.MAX_VALUES_PER_CLAUSE);
    }

    @Test
    void aFilterAtItsLimitsIsAnswered() {
        String values = IntStream.rangeClosed(1, MetadataFilter.MAX_VALUES_PER_CLAUSE).mapToObj(i -> "v" + i).collect(Collectors.joining(","));
        String filter = IntStream.rangeClosed(1, MetadataFilter.MAX_CLAUSES).mapToObj(i -> "k" + i + "=" + values).collect(Collectors.joining(";"));
        search(filter).statusCode(200).body("hits.size()", equalTo(0));
    }

    /** A JSON search (a filter this long does not fit in a URL). */
    private static ValidatableResponse search(String filter) {
        return given().contentType("application/json").body(Map.of("image", Map.of("base64", b64(CatalogImages.png(0, 300))), "filter", filter,
                "explain", "none")).post("/search").then();
    }

    // --- JSON bodies ---

    @Test
    void bodiesThatAreNotJsonAreA400SayingWhereNotAnEmptyBody() {
        clientError(given().contentType("application/json").body("{not json").post("/search").then(), 400, "BAD_JSON",
                "the body is not valid JSON: Unexpected character ('n'");
        clientError(given().contentType("application/json").body("{\"k\": 3").post("/search").then(), 400, "BAD_JSON", "line 1");
        clientError(given().contentType("application/json").body("{\"k\": \"ten\"}").post("/search").then(), 400, "BAD_JSON",
                "the JSON field 'k' must be a whole number");
        clientError(given().contentType("application/json").body("{\"ids\": \"a\"}").post("/explain").then(), 400, "BAD_JSON",
                "the JSON field 'ids' must be an array");
        clientError(given().contentType("application/json").body("{\"image\": {\"base64\": [\"x\"]}}").post("/search").then(), 400, "BAD_JSON",
                "the JSON field 'image.base64' must be a string");
    }

    /** The framework's own refusals, which said "did not match the value in @Consumes" (a Java annotation, not what to send). */
    @Test
    void aBodyOrAnswerTypeAnEndpointDoesNotTakeIsRefusedNamingTheTypeInWords() {
        clientError(given().contentType("text/plain").body("hello").post("/search").then(), 415, "UNSUPPORTED_MEDIA_TYPE",
                "POST /search does not take a body of Content-Type 'text/plain");
        clientError(given().accept("application/xml").get("/items").then(), 406, "NOT_ACCEPTABLE",
                "GET /items cannot answer in 'application/xml' (the Accept header)");
        given().contentType("text/plain").body("hello").post("/search").then().body("message", not(containsString("@")));
        clientError(given().delete("/search").then(), 405, "METHOD_NOT_ALLOWED", "DELETE is not a method /search takes");
    }

    @Test
    void aGarbageMultipartBodyIsA400NotA500() {
        clientError(given().contentType("multipart/form-data; boundary=xyz").body("this is not multipart at all".getBytes(StandardCharsets.UTF_8))
                .post("/search").then(), 400, "BAD_REQUEST", "multipart");
    }

    @Test
    void aJsonStringLongerThanTheBase64OfTheLargestImageIsA413() {
        int limit = JsonLimits.maxStringLength(KafkaTestResource.MAX_IMAGE_BYTES);
        String tooLong = "A".repeat(limit + 4);
        clientError(given().contentType("application/json").body("{\"image\": {\"base64\": \"" + tooLong + "\"}}").post("/search").then(), 413,
                "IMAGE_TOO_LARGE", "longer than " + limit + " characters");
    }

    @Test
    void anImageOverTheByteLimitIsThe413ImageTooLargeAsAnUploadAndAsBase64Alike() {
        byte[] oversized = new byte[(int) KafkaTestResource.MAX_IMAGE_BYTES + 1];
        System.arraycopy(CatalogImages.png(0, 303), 0, oversized, 0, 8);
        String limit = "limit of " + KafkaTestResource.MAX_IMAGE_BYTES;
        clientError(given().multiPart("image", "q.png", oversized, "image/png").post("/search").then(), 413, "IMAGE_TOO_LARGE", limit);
        clientError(given().contentType("application/json").body(Map.of("image", Map.of("base64", b64(oversized)))).post("/search").then(), 413,
                "IMAGE_TOO_LARGE", "the limit is " + KafkaTestResource.MAX_IMAGE_BYTES);
    }

    // --- ids ---

    @Test
    void everyPathThatTakesAnItemIdAnswersABadOneWith400NamingTheRule() {
        String bad = "a%0Ab"; // a line break, percent-encoded in the path
        for (String path : List.of("/items/" + bad, "/items/" + bad + "/similar", "/items/" + bad + "/image",
                "/items/" + bad + "/overlay.png?map=AAAA")) {
            clientError(given().urlEncodingEnabled(false).get(path).then(), 400, "BAD_ID", ItemId.RULE);
        }
        String image = b64(CatalogImages.png(0, 301));
        clientError(given().contentType("application/json").body("{\"image\": {\"base64\": \"" + image + "\"}, \"ids\": [null]}").post("/explain").then(),
                400, "BAD_ID", "ids[0]: the item id is missing");
        clientError(given().contentType("application/json").body(Map.of("image", Map.of("base64", image), "ids", List.of("ok", "a\u0000b")))
                .post("/explain").then(), 400, "BAD_ID", "ids[1]: the item id has U+0000 at position 1");
        clientError(given().contentType("application/json").body(Map.of("image", Map.of("base64", image), "concept", Map.of("ids", List.of(".."))))
                .post("/explain").then(), 400, "BAD_ID", "concept.ids[0]: the item id '..' is a relative path segment");
        clientError(given().multiPart("image", "q.png", CatalogImages.png(0, 301), "image/png").queryParam("ids", "ok,a b").post("/explain").then(),
                400, "BAD_ID", "ids[1]");
        clientError(given().multiPart("image", "q.png", CatalogImages.png(0, 301), "image/png").queryParam("conceptIds", "x/y").post("/explain").then(),
                400, "BAD_ID", "conceptIds[0]: the item id has '/' at position 1");
    }

    @Test
    void aDotDotItemIdIsA400NotTheWebPage() {
        clientError(given().urlEncodingEnabled(false).get("/items/%2e%2e").then(), 400, "BAD_ID", "relative path segment");
        clientError(given().urlEncodingEnabled(false).get("/items/%2E/similar").then(), 400, "BAD_ID", "relative path segment");
    }

    @TestHTTPResource("/")
    URL api;

    /**
     * The framework refuses a body over quarkus.http.limits.max-body-size (32M) with an empty 413;
     * the API's own answer says what was too large. Sent by hand: only the headers, since the
     * answer must not wait for (or read) the body.
     */
    @Test
    void aBodyDeclaredOverTheLimitIsA413WithAJsonBodyBeforeItIsRead() throws Exception {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 40000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("application/json"), answer);
            assertTrue(answer.contains("\"error\":\"BODY_TOO_LARGE\"") && answer.contains("the request body has 40000000 bytes; the limit is 33554432"),
                    answer);
        }
    }

    /** One HTTP answer: its head and its body of Content-Length bytes (the connection may stay open). */
    private static String readAnswer(InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int headEnd = -1;
        while (headEnd < 0) {
            int b = in.read();
            if (b < 0) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
            headEnd = bytes.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        }
        String head = bytes.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(body), StandardCharsets.UTF_8);
    }

    // --- images ---

    @Test
    void aPngWithABadCrcIsA400NamingTheChunk() {
        byte[] png = CatalogImages.png(0, 302);
        clientError(given().multiPart("image", "q.png", PngFiles.crcFlipped(png, "IDAT"), "image/png").post("/search").then(), 400,
                "IMAGE_CORRUPT", "IDAT (chunk");
        clientError(given().contentType("application/json").body(Map.of("image", Map.of("base64", b64(PngFiles.crcFlipped(png, "IHDR")))))
                .post("/search").then(), 400, "IMAGE_CORRUPT", "IHDR (chunk 1, at byte 8) fails its CRC check");
    }

    // --- the service's own faults ---

    @Test
    void aFaultOfTheServiceIsA500WithAnErrorIdThatItsErrorLogLineCarriesAndNothingOfTheFault() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ApiErrors.class.getName());
        logger.addHandler(capture);
        try {
            var body = given().get("/test-only/fault").then().statusCode(500).contentType("application/json").body("error", equalTo("INTERNAL_ERROR"))
                    .body("message", not(containsString("shard"))).extract().jsonPath();
            String errorId = body.getString("errorId");
            assertTrue(errorId.matches("[0-9a-f]{8}"), errorId);
            assertTrue(body.getString("message").contains(errorId), body.getString("message"));
            List<LogRecord> logged;
            synchronized (records) {
                logged = records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            }
            assertEquals(1, logged.size(), "one ERROR line");
            LogRecord line = logged.get(0);
            assertTrue(formatted(line).contains(errorId), formatted(line));
            assertEquals(FaultyResource.SECRET, line.getThrown().getMessage(), "the stack trace is logged");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void anAnswerJacksonCannotWriteIsA500NotABadRequest() {
        given().get("/test-only/fault/unwritable").then().statusCode(500).body("error", equalTo("INTERNAL_ERROR"))
                .body("errorId", matchesPattern("[0-9a-f]{8}")).body("message", not(containsString("shard")));
    }

    private static String formatted(LogRecord record) {
        return record.getMessage();
    }
}
