package io.camsearch.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camsearch.service.ServiceDefaults;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against a real HTTP server (the JDK's, on loopback) and a real file tree: what it
 * returns, and that every way a URL can be bad, slow, huge or out of bounds becomes a
 * {@link SourceException} in bounded time rather than a hang, a flood or an exception that would
 * stop ingestion. The server is on loopback, so these fetchers allow private networks; what the
 * address policy refuses is proven by {@link SsrfTest}.
 */
class ImageFetcherTest {

    private static final int CAP = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
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
        server.createContext("/trickle.png", ex -> {
            // A byte every 100 ms: never idle long, but the whole body would take 1000 s.
            ex.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < IMAGE.length && RELEASE.getCount() > 0; i++) {
                    out.write(IMAGE[i]);
                    out.flush();
                    RELEASE.await(100, TimeUnit.MILLISECONDS);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });
        server.createContext("/host.png", ex -> respond(ex, 200, ex.getRequestHeaders().getFirst("Host").getBytes(StandardCharsets.US_ASCII)));
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
        fetcher = ImageFetcher.standalone(loopback(TIMEOUT).withFileRoot(root));
        // The first HTTP exchange loads and initializes the client: not what the timeouts measure.
        try (ImageFetcher warmUp = ImageFetcher.standalone(loopback(Duration.ofSeconds(10)))) {
            warmUp.fetch(ImageSource.of(base + "/ok.png", null));
        }
    }

    /** Settings for fetching from the loopback test server. */
    static SourceSettings loopback(Duration timeout) {
        return ServiceDefaults.source().withTimeouts(timeout, timeout).withMaxBytes(CAP).withPrivateNetworks();
    }

    @AfterAll
    static void stop() {
        fetcher.close();
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
    void theRequestCarriesTheUrlsHostAlthoughItConnectsToTheCheckedAddress() throws Exception {
        String url = "http://localhost:" + server.getAddress().getPort() + "/host.png";
        assertEquals("localhost:" + server.getAddress().getPort(), new String(fetch(url), StandardCharsets.US_ASCII));
    }

    @Test
    void http404And500AreUnreachableWithTheSameMessageAsEveryOtherFailure() {
        // The status was once in the message: with the other messages it told open ports, closed ports and paths apart.
        rejected(SourceException.Reason.UNFETCHABLE, "image URL " + base + "/missing.png could not be fetched", base + "/missing.png");
        rejected(SourceException.Reason.UNFETCHABLE, "image URL " + base + "/error.png could not be fetched", base + "/error.png");
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port = closedPort();
        long start = System.nanoTime();
        rejected(SourceException.Reason.UNFETCHABLE, "image URL http://127.0.0.1:" + port + "/x.png could not be fetched", "http://127.0.0.1:" + port + "/x.png");
        assertTrue(millisSince(start) < TIMEOUT_BOUND_MILLIS);
    }

    @Test
    void aClosedPortA404ATimeoutAndANonHttpServerReadAlikeButForTheUrl() throws Exception {
        // A server that speaks something else (a Kafka broker's port, say): it answers bytes that are not HTTP.
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            handlers.submit(() -> {
                try (var socket = other.accept()) {
                    socket.getOutputStream().write(new byte[] {0, 0, 0, 12, 'n', 'o', 't', ' ', 'h', 't', 't', 'p'});
                }
                return null;
            });
            List<String> messages = List.of(message("http://127.0.0.1:" + closedPort() + "/x.png"), message(base + "/missing.png"),
                    message(base + "/slow-headers.png"), message("http://127.0.0.1:" + other.getLocalPort() + "/x.png"));
            for (String m : messages) {
                assertEquals("image URL URL could not be fetched", m.replaceAll("http://\\S+", "URL"), m);
            }
        }
    }

    @Test
    void aServerSlowToAnswerTimesOutWithinTheTimeout() {
        long start = System.nanoTime();
        rejected(SourceException.Reason.UNFETCHABLE, "could not be fetched", base + "/slow-headers.png");
        long elapsed = millisSince(start);
        assertTrue(elapsed >= TIMEOUT.toMillis() - 50 && elapsed < TIMEOUT_BOUND_MILLIS, "gave up after " + elapsed + " ms");
    }

    @Test
    void aServerThatStallsInTheBodyTimesOutWithinTheTimeout() {
        long start = System.nanoTime();
        rejected(SourceException.Reason.UNFETCHABLE, "could not be fetched", base + "/slow-body.png");
        long elapsed = millisSince(start);
        assertTrue(elapsed < TIMEOUT_BOUND_MILLIS, "gave up after " + elapsed + " ms; the whole response must arrive within the timeout");
    }

    @Test
    void aServerThatTricklesBytesIsCutOffAtTheOneDeadline() {
        // Never idle for long: only a deadline for the whole fetch ends it (the body would take 1000 s).
        long start = System.nanoTime();
        rejected(SourceException.Reason.UNFETCHABLE, "could not be fetched", base + "/trickle.png");
        long elapsed = millisSince(start);
        assertTrue(elapsed >= TIMEOUT.toMillis() - 50 && elapsed < TIMEOUT_BOUND_MILLIS, "gave up after " + elapsed + " ms");
    }

    @Test
    void aDeclaredContentLengthOverTheCapIsTooLarge() {
        rejected(SourceException.Reason.TOO_LARGE, "has " + (CAP + 1) + " bytes; the limit is " + CAP, base + "/declared-too-large.png");
    }

    @Test
    void aChunkedBodyOverTheCapIsTooLargeWithoutAnyContentLength() {
        rejected(SourceException.Reason.TOO_LARGE, "has more than " + CAP + " bytes", base + "/chunked-too-large.png");
    }

    @Test
    void aChunkedBodyOfExactlyTheCapIsAccepted() throws Exception {
        assertArrayEquals(bytes(CAP, 4), fetch(base + "/chunked-at-cap.png"));
    }

    @Test
    void anEndlessBodyIsCutOffNearTheCapNotReadToTheEnd() {
        long start = System.nanoTime();
        rejected(SourceException.Reason.TOO_LARGE, "has more than " + CAP + " bytes", base + "/endless.png");
        assertTrue(millisSince(start) < TIMEOUT_BOUND_MILLIS);
    }

    @Test
    void httpUrlsWithoutAHostOrWithABadPortAreRejectedNotThrown() {
        // These parse as URIs but the HTTP client refuses them with an IllegalArgumentException,
        // which must not escape: it would fail the whole batch, again after every restart.
        rejected(SourceException.Reason.NOT_ALLOWED, "http:///x.png", "http:///x.png");
        rejected(SourceException.Reason.NOT_ALLOWED, "http:x.png", "http:x.png");
        rejected(SourceException.Reason.NOT_ALLOWED, "http://localhost:99999/x.png", "http://localhost:99999/x.png");
    }

    @Test
    void otherSchemesAreNotAllowed() {
        rejected(SourceException.Reason.NOT_ALLOWED, "scheme 'ftp' is not allowed", "ftp://127.0.0.1/a.png");
        rejected(SourceException.Reason.NOT_ALLOWED, "scheme 'jar' is not allowed", "jar:file:/x.jar!/a.png");
    }

    @Test
    void credentialsAndQueryOfAUrlNeverReachTheMessage() throws IOException {
        int port = closedPort();
        String message = message("http://user:s3cr3t@127.0.0.1:" + port + "/x.png?token=SECRET#frag");
        assertEquals("image URL http://127.0.0.1:" + port + "/x.png?… could not be fetched", message);
        assertEquals("\"image.url\" is not a URL: Illegal character in authority at character 9",
                assertThrows(SourceException.class, () -> ImageSource.of("http://us er:s3cr3t@h/x.png?token=SECRET", null)).getMessage());
        assertEquals("\"image.url\" '//h/x.png?…' has no scheme; use http, https or file",
                assertThrows(SourceException.class, () -> ImageSource.of("//user:s3cr3t@h/x.png?token=SECRET", null)).getMessage());
    }

    // --- inline ---

    @Test
    void inlineImagesAreCappedToo() throws Exception {
        assertArrayEquals(bytes(CAP, 1), fetcher.fetch(new ImageSource.Inline(bytes(CAP, 1))));
        var e = assertThrows(SourceException.class, () -> fetcher.fetch(new ImageSource.Inline(bytes(CAP + 1, 1))));
        assertEquals(SourceException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("the inline image has " + (CAP + 1) + " bytes; the limit is " + CAP), e.getMessage());
    }

    // --- file: ---

    @Test
    void filesUnderTheRootAreRead() throws Exception {
        assertArrayEquals(IMAGE, fetch(root.resolve("a.png").toUri().toString()));
        assertArrayEquals(bytes(500, 6), fetch(root.resolve("sub/b.png").toUri().toString()));
        assertArrayEquals(IMAGE, fetch("file://" + root + "/sub/../a.png"), "a '..' that stays under the root is fine");
    }

    // Outside the root and not there read alike, and name no directory but the URL's own: the
    // messages once told which paths exist and showed the root.

    @Test
    void dotDotOutOfTheRootIsNotAllowed() {
        unfetchableFile("file://" + root + "/../outside/secret.png");
        unfetchableFile("file://" + root + "/sub/../../outside/secret.png");
    }

    @Test
    void aSymlinkOutOfTheRootIsNotAllowed() {
        unfetchableFile(root.resolve("link.png").toUri().toString());
        unfetchableFile("file://" + root + "/linkdir/secret.png");
    }

    @Test
    void aSiblingDirectorySharingTheRootsNamePrefixIsNotAllowed() {
        unfetchableFile(dir.resolve("images-evil/c.png").toUri().toString());
    }

    @Test
    void aNamedPipeUnderTheRootIsRefusedWithoutWaitingForAWriter() throws Exception {
        // Opening a FIFO for reading blocks until a writer comes, and an interrupt does not end that wait.
        Path pipe = root.resolve("pipe.png");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> unfetchableFile(pipe.toUri().toString()));
    }

    @Test
    void aDirectoryUnderTheRootIsNotAnImage() {
        unfetchableFile(root.resolve("sub").toUri().toString());
    }

    @Test
    void aRootGivenThroughASymlinkStillServesItsFiles() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("root-link"), root);
        try (ImageFetcher viaLink = ImageFetcher.standalone(loopback(TIMEOUT).withFileRoot(linkedRoot))) {
            assertArrayEquals(IMAGE, viaLink.fetch(ImageSource.of(linkedRoot.resolve("a.png").toUri().toString(), null)));
            assertArrayEquals(IMAGE, viaLink.fetch(ImageSource.of(root.resolve("a.png").toUri().toString(), null)));
        }
    }

    @Test
    void aMissingFileIsUnreachableAndAFileOverTheCapIsTooLarge() {
        unfetchableFile(root.resolve("nope.png").toUri().toString());
        rejected(SourceException.Reason.TOO_LARGE, "has " + (CAP + 1) + " bytes; the limit is " + CAP, root.resolve("huge.png").toUri().toString());
    }

    @Test
    void fileUrlsAreRefusedWhenNoRootIsConfigured() throws Exception {
        try (ImageFetcher noFiles = ImageFetcher.standalone(loopback(TIMEOUT))) {
            var e = assertThrows(SourceException.class, () -> noFiles.fetch(ImageSource.of(root.resolve("a.png").toUri().toString(), null)));
            assertEquals(SourceException.Reason.NOT_ALLOWED, e.reason());
            assertTrue(e.getMessage().contains("file: image URLs are disabled; set camsearch.source.file-root"), e.getMessage());
        }
    }

    private static byte[] fetch(String url) throws SourceException {
        return fetcher.fetch(ImageSource.of(url, null));
    }

    /** The exact answer for a file: URL that is outside the root, not there, or not a regular file. */
    private static void unfetchableFile(String url) {
        var e = assertThrows(SourceException.class, () -> fetch(url), url);
        assertEquals(SourceException.Reason.UNFETCHABLE, e.reason(), e.getMessage());
        assertEquals("image URL " + url + " could not be fetched", e.getMessage());
    }

    private static String message(String url) {
        var e = assertThrows(SourceException.class, () -> fetch(url), url);
        assertEquals(SourceException.Reason.UNFETCHABLE, e.reason(), e.getMessage());
        return e.getMessage();
    }

    private static void rejected(SourceException.Reason reason, String messagePart, String url) {
        var e = assertThrows(SourceException.class, () -> fetch(url), url);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should contain '" + messagePart + "'");
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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
