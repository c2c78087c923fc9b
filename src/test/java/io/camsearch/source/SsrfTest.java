package io.camsearch.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camsearch.service.ServiceDefaults;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side request forgery: URLs that reach loopback, by any spelling, are refused after name
 * resolution and before connecting (the server counts the connections it accepts), on the first
 * URL and on every redirect; the refusal reads like any other failure. Only loopback is ever
 * connected to; the other special ranges are proven without traffic by {@link AddressPolicyTest}.
 */
class SsrfTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long CAP = 1 << 20;

    private CountingServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new CountingServer();
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void loopbackInEverySpellingIsRefusedBeforeConnecting() throws Exception {
        try (ImageFetcher fetcher = ImageFetcher.standalone(publicHosts())) {
            for (String host : List.of("127.0.0.1", "localhost", "LocalHost", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "127.0.0.2")) {
                String url = "http://" + host + ":" + port + "/a.png";
                SourceException e = assertThrows(SourceException.class, () -> fetcher.fetch(ImageSource.of(url, null)), url);
                assertEquals(SourceException.Reason.UNFETCHABLE, e.reason(), url);
                assertEquals("image URL " + url + " could not be fetched", e.getMessage(), "the same answer as a closed port");
            }
            assertEquals(0, server.accepted(), "nothing connected to the server");
        }
    }

    @Test
    void privateNetworksAllowedReachTheSameServer() throws Exception {
        try (ImageFetcher fetcher = ImageFetcher.standalone(publicHosts().withPrivateNetworks())) {
            assertArrayEquals(CountingServer.BODY, fetcher.fetch(ImageSource.of("http://127.0.0.1:" + port + "/a.png", null)));
            assertArrayEquals(CountingServer.BODY, fetcher.fetch(ImageSource.of("http://localhost:" + port + "/a.png", null)));
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void anAllowListedAddressLiteralIsFetchedButARedirectFromItToLoopbackByNameIsRefused() throws Exception {
        // 127.0.0.1 is listed as a literal (the operator named that address); localhost is listed as
        // a name, whose address is still checked, and loopback is not allowed.
        SourceSettings settings = publicHosts().withAllowedHosts(List.of("127.0.0.1", "localhost"));
        try (ImageFetcher fetcher = ImageFetcher.standalone(settings)) {
            assertArrayEquals(CountingServer.BODY, fetcher.fetch(ImageSource.of("http://127.0.0.1:" + port + "/a.png", null)));
            assertEquals(1, server.accepted());

            for (String next : List.of("http://localhost:" + port + "/a.png", "http://[::ffff:127.0.0.1]:" + port + "/a.png",
                    "http://127.0.0.2:" + port + "/a.png", "file:///etc/passwd")) {
                int before = server.accepted();
                String url = redirectTo(next);
                SourceException e = assertThrows(SourceException.class, () -> fetcher.fetch(ImageSource.of(url, null)), next);
                assertEquals(SourceException.Reason.UNFETCHABLE, e.reason(), next);
                assertEquals("image URL http://127.0.0.1:" + port + "/to?… could not be fetched", e.getMessage());
                assertEquals(before + 1, server.accepted(), "the first hop connected, the redirect to " + next + " did not");
            }
        }
    }

    @Test
    void aHostOffTheAllowListIsRefusedByNameWithoutALookup() throws Exception {
        SourceSettings settings = publicHosts().withPrivateNetworks().withAllowedHosts(List.of("*.images.example"));
        try (ImageFetcher fetcher = ImageFetcher.standalone(settings)) {
            String url = "http://127.0.0.1:" + port + "/a.png";
            SourceException e = assertThrows(SourceException.class, () -> fetcher.fetch(ImageSource.of(url, null)));
            assertEquals(SourceException.Reason.NOT_ALLOWED, e.reason());
            assertEquals("image URL " + url + ": its host is not one of camsearch.source.allowed-hosts", e.getMessage());
            assertEquals(0, server.accepted());
        }
    }

    @Test
    void redirectsAreFollowedToABoundAndNoFurther() throws Exception {
        SourceSettings settings = publicHosts().withPrivateNetworks();
        try (ImageFetcher fetcher = ImageFetcher.standalone(settings)) {
            assertArrayEquals(CountingServer.BODY, fetcher.fetch(ImageSource.of(redirectTo("http://localhost:" + port + "/a.png"), null)));
            assertEquals(2, server.accepted());

            SourceException e = assertThrows(SourceException.class, () -> fetcher.fetch(ImageSource.of("http://127.0.0.1:" + port + "/loop", null)));
            assertEquals(SourceException.Reason.UNFETCHABLE, e.reason());
            assertEquals(2 + 1 + settings.maxRedirects(), server.accepted(), "the first request and " + settings.maxRedirects() + " redirects");
        }
    }

    private String redirectTo(String url) {
        return "http://127.0.0.1:" + port + "/to?u=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** The service's policy (public hosts only, no file: URLs), with this test's deadline and byte cap. */
    private static SourceSettings publicHosts() {
        return ServiceDefaults.source().withTimeouts(TIMEOUT, TIMEOUT).withMaxBytes(CAP);
    }
}
