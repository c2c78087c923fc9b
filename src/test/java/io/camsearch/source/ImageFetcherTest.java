package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against a real HTTP server (the JDK's) and a real file tree: what it returns, and
 * that every way a URL can be bad, slow, huge or out of bounds becomes a rejected event in bounded
 * time rather than a hang, a flood or an exception that would stop ingestion.
 */
class ImageFetcherTest {

    private static final int CAP = 64 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** A generous bound for a 1 s timeout on two busy cores. */
    private static final long TIMEOUT_BOUND_MILLIS = 5_000;
    private static final byte[] IMAGE = bytes(10_000, 1);

    private static HttpServer server;
    private static ExecutorService handlers;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static String base;

    @TempDir
    static Path dir;
    static Path root;
    static Path outside;
    static ImageFetcher fetcher;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/ok.png", ex -> respond(ex, 200, IMAGE));
        server.createContext("/missing.png", ex -> respond(ex, 404, "no such image".getBytes()));
        server.createContext("/error.png", ex -> respond(ex, 500, "boom".getBytes()));
        server.createContext("/moved.png", ex -> {
            ex.getResponseHeaders().add("Location", base + "/ok.png");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/slow-headers.png", ex -> {
            await();
            respond(ex, 200, IMAGE);
        });
        server.createContext("/slow-body.png", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = ex.getResponseBody()) {
                out.write(IMAGE, 0, 100);
                out.flush();
                await();
                out.write(IMAGE, 100, IMAGE.length - 100);
            } catch (IOException e) {
                // the client gave up
            }
        });
        server.createContext("/declared-too-large.png", ex -> respond(ex, 200, bytes(CAP + 1, 2)));
        server.createContext("/chunked-too-large.png", ex -> chunked(ex, bytes(CAP + 1, 3)));
        server.createContext("/chunked-at-cap.png", ex -> chunked(ex, bytes(CAP, 4)));
        server.createContext("/endless.png", ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] block = bytes(8192, 5);
            try (OutputStream out = ex.getResponseBody()) {
                while (RELEASE.getCount() > 0) {
                    out.write(block);
                }
            } catch (IOException e) {
                // the client hung up: what the test wants
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();

        root = Files.createDirectories(dir.resolve("images"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(root.resolve("a.png"), IMAGE);
        Files.createDirectories(root.resolve("sub"));
        Files.write(root.resolve("sub/b.png"), bytes(500, 6));
        Files.write(root.resolve("huge.png"), bytes(CAP + 1, 7));
        Files.write(outside.resolve("secret.png"), bytes(300, 8));
        Files.createSymbolicLink(root.resolve("link.png"), outside.resolve("secret.png"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        Files.createDirectories(dir.resolve("images-evil"));
        Files.write(dir.resolve("images-evil/c.png"), bytes(300, 9));
        fetcher = new ImageFetcher(Duration.ofSeconds(2), READ_TIMEOUT, CAP, Optional.of(root));
        // The JVM's first HTTP exchange loads and initializes the client: not what the timeouts measure.
        new ImageFetcher(Duration.ofSeconds(10), Duration.ofSeconds(10), CAP, Optional.empty()).fetch(ImageSource.of(base + "/ok.png", null));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    // --- http ---

    @Test
    void http200GivesTheBodyBytes() throws Exception {
        assertArrayEquals(IMAGE, fetch(base + "/ok.png"));
    }

    @Test
    void redirectsAreFollowed() throws Exception {
        assertArrayEquals(IMAGE, fetch(base + "/moved.png"));
    }

    @Test
    void http404And500AreUnreachableNamingTheStatus() {
        rejected(RejectReason.URL_UNREACHABLE, "answered HTTP 404", base + "/missing.png");
        rejected(RejectReason.URL_UNREACHABLE, "answered HTTP 500", base + "/error.png");
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        rejected(RejectReason.URL_UNREACHABLE, "fetching http://127.0.0.1:" + port + "/x.png failed", "http://127.0.0.1:" + port + "/x.png");
        assertTrue(millisSince(start) < TIMEOUT_BOUND_MILLIS);
    }

    @Test
    void aServerSlowToAnswerTimesOutWithinTheReadTimeout() {
        long start = System.nanoTime();
        rejected(RejectReason.URL_UNREACHABLE, "timed out", base + "/slow-headers.png");
        long elapsed = millisSince(start);
        assertTrue(elapsed >= READ_TIMEOUT.toMillis() - 50 && elapsed < TIMEOUT_BOUND_MILLIS, "gave up after " + elapsed + " ms");
    }

    @Test
    void aServerThatStallsInTheBodyTimesOutWithinTheReadTimeout() {
        long start = System.nanoTime();
        rejected(RejectReason.URL_UNREACHABLE, "timed out", base + "/slow-body.png");
        long elapsed = millisSince(start);
        assertTrue(elapsed < TIMEOUT_BOUND_MILLIS, "gave up after " + elapsed + " ms; the whole response must arrive within the read timeout");
    }

    @Test
    void aDeclaredContentLengthOverTheCapIsTooLarge() {
        rejected(RejectReason.IMAGE_TOO_LARGE, "has " + (CAP + 1) + " bytes; the limit is " + CAP, base + "/declared-too-large.png");
    }

    @Test
    void aChunkedBodyOverTheCapIsTooLargeWithoutAnyContentLength() {
        rejected(RejectReason.IMAGE_TOO_LARGE, "has more than " + CAP + " bytes", base + "/chunked-too-large.png");
    }

    @Test
    void aChunkedBodyOfExactlyTheCapIsAccepted() throws Exception {
        assertArrayEquals(bytes(CAP, 4), fetch(base + "/chunked-at-cap.png"));
    }

    @Test
    void anEndlessBodyIsCutOffNearTheCapNotReadToTheEnd() {
        long start = System.nanoTime();
        rejected(RejectReason.IMAGE_TOO_LARGE, "has more than " + CAP + " bytes", base + "/endless.png");
        assertTrue(millisSince(start) < TIMEOUT_BOUND_MILLIS);
    }

    @Test
    void httpUrlsWithoutAHostOrWithABadPortAreRejectedNotThrown() {
        // These parse as URIs but the HTTP client refuses them with an IllegalArgumentException,
        // which must not escape: it would fail the whole batch, again after every restart.
        rejected(RejectReason.URL_NOT_ALLOWED, "http:///x.png", "http:///x.png");
        rejected(RejectReason.URL_NOT_ALLOWED, "http:x.png", "http:x.png");
        rejected(RejectReason.URL_NOT_ALLOWED, "http://localhost:99999/x.png", "http://localhost:99999/x.png");
    }

    @Test
    void otherSchemesAreNotAllowed() {
        rejected(RejectReason.URL_NOT_ALLOWED, "scheme 'ftp' is not allowed", "ftp://127.0.0.1/a.png");
        rejected(RejectReason.URL_NOT_ALLOWED, "scheme 'jar' is not allowed", "jar:file:/x.jar!/a.png");
    }

    // --- inline ---

    @Test
    void inlineImagesAreCappedToo() throws Exception {
        assertArrayEquals(bytes(CAP, 1), fetcher.fetch(new ImageSource.Inline(bytes(CAP, 1))));
        var e = assertThrows(EventRejectedException.class, () -> fetcher.fetch(new ImageSource.Inline(bytes(CAP + 1, 1))));
        assertEquals(RejectReason.IMAGE_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("the inline image has " + (CAP + 1) + " bytes; the limit is " + CAP), e.getMessage());
    }

    // --- file: ---

    @Test
    void filesUnderTheRootAreRead() throws Exception {
        assertArrayEquals(IMAGE, fetch(root.resolve("a.png").toUri().toString()));
        assertArrayEquals(bytes(500, 6), fetch(root.resolve("sub/b.png").toUri().toString()));
        assertArrayEquals(IMAGE, fetch("file://" + root + "/sub/../a.png"), "a '..' that stays under the root is fine");
    }

    @Test
    void dotDotOutOfTheRootIsNotAllowed() {
        rejected(RejectReason.URL_NOT_ALLOWED, "is outside the allowed root", "file://" + root + "/../outside/secret.png");
        rejected(RejectReason.URL_NOT_ALLOWED, "is outside the allowed root", "file://" + root + "/sub/../../outside/secret.png");
    }

    @Test
    void aSymlinkOutOfTheRootIsNotAllowed() {
        rejected(RejectReason.URL_NOT_ALLOWED, "is outside the allowed root", root.resolve("link.png").toUri().toString());
        rejected(RejectReason.URL_NOT_ALLOWED, "is outside the allowed root", "file://" + root + "/linkdir/secret.png");
    }

    @Test
    void aSiblingDirectorySharingTheRootsNamePrefixIsNotAllowed() {
        rejected(RejectReason.URL_NOT_ALLOWED, "is outside the allowed root", dir.resolve("images-evil/c.png").toUri().toString());
    }

    @Test
    void aRootGivenThroughASymlinkStillServesItsFiles() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("root-link"), root);
        ImageFetcher viaLink = new ImageFetcher(Duration.ofSeconds(2), READ_TIMEOUT, CAP, Optional.of(linkedRoot));

        assertArrayEquals(IMAGE, viaLink.fetch(ImageSource.of(linkedRoot.resolve("a.png").toUri().toString(), null)));
        assertArrayEquals(IMAGE, viaLink.fetch(ImageSource.of(root.resolve("a.png").toUri().toString(), null)));
    }

    @Test
    void aMissingFileIsUnreachableAndAFileOverTheCapIsTooLarge() {
        rejected(RejectReason.URL_UNREACHABLE, "no such file", root.resolve("nope.png").toUri().toString());
        rejected(RejectReason.IMAGE_TOO_LARGE, "has " + (CAP + 1) + " bytes; the limit is " + CAP, root.resolve("huge.png").toUri().toString());
    }

    @Test
    void fileUrlsAreRefusedWhenNoRootIsConfigured() throws Exception {
        ImageFetcher noFiles = new ImageFetcher(Duration.ofSeconds(2), READ_TIMEOUT, CAP, Optional.empty());

        var e = assertThrows(EventRejectedException.class, () -> noFiles.fetch(ImageSource.of(root.resolve("a.png").toUri().toString(), null)));
        assertEquals(RejectReason.URL_NOT_ALLOWED, e.reason());
        assertTrue(e.getMessage().contains("file: image URLs are disabled; set camsearch.ingest.file-root"), e.getMessage());
    }

    private static byte[] fetch(String url) throws EventRejectedException {
        return fetcher.fetch(ImageSource.of(url, null));
    }

    private static void rejected(RejectReason reason, String messagePart, String url) {
        var e = assertThrows(EventRejectedException.class, () -> fetch(url), url);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should contain '" + messagePart + "'");
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void chunked(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int at = 0; at < body.length; at += 4096) {
                out.write(body, at, Math.min(4096, body.length - at));
            }
        } catch (IOException e) {
            // the client stopped reading at the cap
        }
    }

    private static void await() {
        try {
            RELEASE.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        for (int i = 0; i < n; i += 97) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
