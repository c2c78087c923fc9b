package io.camsearch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the bytes of an event's image. Remote images are bounded three ways, so that one bad URL
 * cannot stall or flood ingestion: a connect timeout, a timeout for the whole response, and a byte
 * cap checked while reading (not trusted from Content-Length). {@code file:} URLs are served only
 * from under a configured root, resolved through symbolic links.
 */
public final class ImageFetcher {

    /** Closes the bodies of responses that outlive their read timeout. */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    private final HttpClient http;
    private final Duration readTimeout;
    private final long maxBytes;
    private final Optional<Path> fileRoot;

    /**
     * @param fileRoot the directory {@code file:} URLs may point into; empty to refuse them all
     */
    public ImageFetcher(Duration connectTimeout, Duration readTimeout, long maxBytes, Optional<Path> fileRoot) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.fileRoot = fileRoot.isPresent() ? Optional.of(fileRoot.get().toRealPath()) : Optional.empty();
    }

    public byte[] fetch(ImageSource source) throws EventRejectedException {
        return switch (source) {
            case ImageSource.Inline inline -> checkSize(inline.bytes().length, "the inline image", inline.bytes());
            case ImageSource.Remote remote -> fetch(remote.url());
        };
    }

    private byte[] fetch(URI url) throws EventRejectedException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        return switch (scheme) {
            case "http", "https" -> fetchHttp(url);
            case "file" -> readFile(url);
            default -> throw new EventRejectedException(RejectReason.URL_NOT_ALLOWED,
                    "image URL scheme '" + scheme + "' is not allowed; use http, https, or file under the configured root");
        };
    }

    private byte[] fetchHttp(URI url) throws EventRejectedException {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        HttpRequest request;
        HttpResponse<InputStream> response;
        try {
            // The client refuses some URIs that parse (no host: http:///a.png, http:a.png; a port
            // out of range) with an IllegalArgumentException, which must reject the event, not
            // fail the batch.
            request = HttpRequest.newBuilder(url).timeout(readTimeout).GET().build();
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectReason.URL_NOT_ALLOWED, "image URL " + url + " cannot be fetched: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "fetching " + url + " timed out: " + e.getMessage());
        } catch (IOException e) {
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "fetching " + url + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "fetching " + url + " was interrupted");
        }
        // The request's timeout ends when the headers arrive; the body gets what is left of it,
        // enforced by closing the stream, which wakes a read blocked on a stalled server.
        InputStream stream = response.body();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> guard = DEADLINES.schedule(() -> {
            expired.set(true);
            try {
                stream.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        try (InputStream body = stream) {
            if (response.statusCode() != 200) {
                throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "fetching " + url + " answered HTTP " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(url.toString(), declared);
            }
            // Read one byte past the cap: a body that fills it is too large, whatever its headers said.
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new EventRejectedException(RejectReason.IMAGE_TOO_LARGE, url + " has more than " + maxBytes + " bytes; the limit is " + maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            if (expired.get()) {
                throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "fetching " + url + " timed out: the whole response did not arrive within "
                        + readTimeout.toMillis() + " ms");
            }
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "reading " + url + " failed: " + describe(e));
        } finally {
            guard.cancel(false);
        }
    }

    private byte[] readFile(URI url) throws EventRejectedException {
        if (fileRoot.isEmpty()) {
            throw new EventRejectedException(RejectReason.URL_NOT_ALLOWED,
                    "file: image URLs are disabled; set camsearch.ingest.file-root to the directory they may read");
        }
        Path path;
        try {
            path = Path.of(url).toRealPath();
        } catch (NoSuchFileException e) {
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "no such file: " + url);
        } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "cannot open " + url + ": " + describe(e));
        }
        if (!path.startsWith(fileRoot.get())) {
            throw new EventRejectedException(RejectReason.URL_NOT_ALLOWED, url + " is outside the allowed root " + fileRoot.get());
        }
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw tooLarge(url.toString(), size);
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new EventRejectedException(RejectReason.URL_UNREACHABLE, "reading " + url + " failed: " + describe(e));
        }
    }

    private byte[] checkSize(long size, String what, byte[] bytes) throws EventRejectedException {
        if (size > maxBytes) {
            throw tooLarge(what, size);
        }
        return bytes;
    }

    private EventRejectedException tooLarge(String what, long size) {
        return new EventRejectedException(RejectReason.IMAGE_TOO_LARGE, what + " has " + size + " bytes; the limit is " + maxBytes);
    }

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "image-fetch-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every deadline is cancelled, long before it is due: do not keep them queued.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
