package io.camsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Searching by image URL makes the service fetch what a caller names: it is off unless configured
 * (the default, which this profile restores), and the answer says how to switch it on.
 */
@QuarkusTest
@TestProfile(SearchUrlsOffTest.Defaults.class)
@QuarkusTestResource(KafkaTestResource.class)
class SearchUrlsOffTest {

    /** The default: the test resource switches search URLs on for the other tests. */
    public static final class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camsearch.source.search-urls", "false");
        }
    }

    @Test
    void aSearchByUrlIsRefusedWithoutFetchingAndTheAnswerSaysHowToEnableIt() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/secret";
            for (String path : new String[] {"/search", "/explain"}) {
                given().contentType("application/json").body(Map.of("image", Map.of("url", url), "ids", java.util.List.of("x")))
                        .when().post(path).then().statusCode(400).body("error", equalTo("URL_NOT_ALLOWED"))
                        .body("message", equalTo("searching by image URL is off; send the image as \"base64\" or upload it,"
                                + " or have the operator set camsearch.source.search-urls=true"));
            }
            assertEquals(0, requests.get(), "nothing was fetched");
        } finally {
            server.stop(0);
        }
    }
}
