package io.camsearch.source;

import io.camsearch.logging.LogText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gets the bytes of an image: inline, from an http(s) URL, or from a regular file under a root.
 *
 * <p>A fetch has one deadline for all of it (name lookup, connection, redirects, headers, body) and
 * a byte cap checked while reading (not trusted from Content-Length). Redirects are followed here,
 * not by the client, so that each hop is checked like the first URL: scheme, allowed host, and the
 * address its name resolves to ({@link AddressPolicy}); https never goes back to http.
 *
 * <p>Why Vert.x's client: the address that was checked must be the one connected to. A client that
 * resolves the name again can be answered differently the second time (DNS rebinding). Vert.x's
 * {@link RequestOptions#setServer} connects to a given address while the request keeps the URL's
 * host for its Host header and for TLS (SNI and certificate host verification).
 *
 * <p>What went wrong is told to the caller in one message, "could not be fetched", whatever it was
 * (no such host, refused address, closed port, timeout, error status, TLS failure): a caller must
 * not be able to map the network behind the service. The operator's log says more at DEBUG.
 */
public final class ImageFetcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ImageFetcher.class.getName());
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final SourceSettings settings;
    private final AddressPolicy policy;
    private final Optional<Path> fileRoot;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClient http;
    /**
     * Virtual threads, one per task, for name lookups (which block and cannot be interrupted: they
     * are waited for until the deadline) and to start requests off the caller's Vert.x context: a
     * request started on a Quarkus worker's context would have its callbacks queued behind the
     * caller, who blocks waiting for them until the deadline.
     */
    private final ExecutorService offContext = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("image-source").factory());

    /** A fetcher on the given Vert.x instance (the service's); closing it leaves the instance running. */
    public ImageFetcher(Vertx vertx, SourceSettings settings) throws IOException {
        this(vertx, false, settings);
    }

    private ImageFetcher(Vertx vertx, boolean ownsVertx, SourceSettings settings) throws IOException {
        this.settings = settings;
        this.policy = new AddressPolicy(settings.allowedHosts(), settings.allowPrivateNetworks());
        this.fileRoot = settings.fileRoot().isPresent() ? Optional.of(settings.fileRoot().get().toRealPath()) : Optional.empty();
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        // No keep-alive: a pooled connection would outlive the check of the address it goes to.
        // The pool bound is per server; fetches are bounded by their callers.
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(1024).setVerifyHost(true)
                .setTrustAll(false));
    }

    /** A fetcher with a Vert.x instance of its own (tools and tests outside the service); close stops it. */
    public static ImageFetcher standalone(SourceSettings settings) throws IOException {
        return new ImageFetcher(Vertx.vertx(), true, settings);
    }

    public SourceSettings settings() {
        return settings;
    }

    /** The image's bytes; blocks for at most the timeout (plus a file read). */
    public byte[] fetch(ImageSource source) throws SourceException {
        return switch (source) {
            case ImageSource.Inline inline -> checkSize(inline.bytes().length, "the inline image", inline.bytes());
            case ImageSource.Remote remote -> fetch(remote);
        };
    }

    private byte[] fetch(ImageSource.Remote remote) throws SourceException {
        URI url = remote.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        try {
            return switch (scheme) {
                case "http", "https" -> fetchHttp(remote);
                case "file" -> readFile(remote);
                default -> throw new SourceException(SourceException.Reason.NOT_ALLOWED,
                        "image URL scheme '" + scheme + "' is not allowed; use http, https, or file under the configured root");
            };
        } catch (Unfetchable e) {
            LOG.log(System.Logger.Level.DEBUG, "image URL {0} could not be fetched: {1}", remote, LogText.escape(e.getMessage()));
            throw new SourceException(SourceException.Reason.UNFETCHABLE, "image URL " + remote + " could not be fetched");
        }
    }

    private byte[] fetchHttp(ImageSource.Remote remote) throws SourceException, Unfetchable {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Target target = Target.of(remote.url()).orElseThrow(() -> new SourceException(SourceException.Reason.NOT_ALLOWED,
                "image URL " + remote + " has no valid host and port"));
        if (!policy.hostAllowed(target.host())) {
            throw new SourceException(SourceException.Reason.NOT_ALLOWED, "image URL " + remote
                    + ": its host is not one of camsearch.source.allowed-hosts");
        }
        for (int redirects = 0; ; redirects++) {
            InetAddress address = resolve(target, deadline);
            Answer answer = exchange(target, address, deadline, remote);
            if (answer instanceof Answer.Body body) {
                return body.bytes();
            }
            if (redirects == settings.maxRedirects()) {
                throw new Unfetchable("more than " + settings.maxRedirects() + " redirects");
            }
            target = next(target, ((Answer.Redirect) answer).location());
        }
    }

    /** Where a redirect leads, checked like a first URL; https does not go back to http. */
    private Target next(Target from, String location) throws Unfetchable {
        URI url;
        try {
            url = from.url().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new Unfetchable("a redirect to something that is not a URL");
        }
        String redacted = ImageSource.redacted(url);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !from.https())) {
            throw new Unfetchable("a redirect from " + (from.https() ? "https" : "http") + " to " + redacted + " is not followed");
        }
        Target next = Target.of(url).orElseThrow(() -> new Unfetchable("a redirect to " + redacted + ", which has no valid host and port"));
        if (!policy.hostAllowed(next.host())) {
            throw new Unfetchable("a redirect to " + redacted + ", whose host is not one of camsearch.source.allowed-hosts");
        }
        return next;
    }

    /** The address to connect to: every address the name has must be allowed (a mix is a trick, not a CDN). */
    private InetAddress resolve(Target target, long deadline) throws SourceException, Unfetchable {
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(target.bareHost());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, offContext);
        InetAddress[] addresses = await(lookup, deadline, () -> { }, "looking up " + target.bareHost());
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(target.host(), address);
            if (refusal.isPresent()) {
                throw new Unfetchable("refused before connecting: " + target.bareHost() + " resolves to " + refusal.get());
            }
        }
        return addresses[0];
    }

    /** One request to one checked address: its body, or where it redirects to. */
    private Answer exchange(Target target, InetAddress address, long deadline, ImageSource.Remote remote) throws SourceException, Unfetchable {
        long connectMillis = Math.max(1, Math.min(settings.connectTimeout().toMillis(), TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setSsl(target.https())
                .setHost(target.host()).setPort(target.port()).setURI(target.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, target.port())))
                .setConnectTimeout(connectMillis).setFollowRedirects(false)
                .putHeader(HttpHeaders.ACCEPT, "image/*").putHeader(HttpHeaders.USER_AGENT, "camsearch");
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        offContext.execute(() -> http.request(options).onComplete(created -> {
            if (created.failed()) {
                answer.completeExceptionally(created.cause());
                return;
            }
            HttpClientRequest request = created.result();
            sent.set(request);
            if (answer.isDone()) { // given up on while connecting
                request.reset();
                return;
            }
            request.send().onComplete(response -> {
                if (response.failed()) {
                    answer.completeExceptionally(response.cause());
                } else {
                    read(response.result(), request, answer, remote);
                }
            });
        }));
        return await(answer, deadline, () -> {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
        }, "fetching");
    }

    private void read(HttpClientResponse response, HttpClientRequest request, CompletableFuture<Answer> answer, ImageSource.Remote remote) {
        // Before any reset: a reset (or a broken connection) is an answer's failure, not an unhandled error for Vert.x to log.
        response.exceptionHandler(answer::completeExceptionally);
        int status = response.statusCode();
        String location = response.getHeader(HttpHeaders.LOCATION);
        if (REDIRECTS.contains(status) && location != null) {
            answer.complete(new Answer.Redirect(location));
            request.reset();
            return;
        }
        if (status != 200) {
            answer.completeExceptionally(new Unfetchable("the server answered HTTP " + status));
            request.reset();
            return;
        }
        long declared = contentLength(response);
        if (declared > settings.maxBytes()) {
            answer.completeExceptionally(tooLarge("image URL " + remote, declared));
            request.reset();
            return;
        }
        Buffer body = Buffer.buffer((int) Math.max(0, Math.min(declared, 1 << 20)));
        response.handler(chunk -> {
            if (answer.isDone()) {
                return;
            }
            if ((long) body.length() + chunk.length() > settings.maxBytes()) {
                answer.completeExceptionally(new SourceException(SourceException.Reason.TOO_LARGE,
                        "image URL " + remote + " has more than " + settings.maxBytes() + " bytes; the limit is " + settings.maxBytes()));
                request.reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.endHandler(end -> answer.complete(new Answer.Body(body.getBytes())));
    }

    private static long contentLength(HttpClientResponse response) {
        String header = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Waits for {@code work} until the deadline; when it does not come in time, or the thread is
     * interrupted, {@code abandon} stops it. Its failure becomes {@link Unfetchable}; a {@link SourceException} (too large) stays one.
     */
    private <T> T await(CompletableFuture<T> work, long deadline, Runnable abandon, String what) throws SourceException, Unfetchable {
        try {
            return work.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            work.cancel(false);
            abandon.run();
            throw new Unfetchable(what + " did not finish within the timeout of " + settings.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            work.cancel(false);
            abandon.run();
            Thread.currentThread().interrupt();
            throw new Unfetchable(what + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof Unfetchable u) {
                throw u;
            }
            if (cause instanceof SourceException s) {
                throw s;
            }
            throw new Unfetchable(what + " failed: " + describe(cause));
        }
    }

    /**
     * A regular file under the root, read only after the check: a directory, a device or a named
     * pipe (whose open would block until a writer comes) is refused without being opened.
     */
    private byte[] readFile(ImageSource.Remote remote) throws SourceException, Unfetchable {
        if (fileRoot.isEmpty()) {
            throw new SourceException(SourceException.Reason.NOT_ALLOWED,
                    "file: image URLs are disabled; set camsearch.source.file-root to the directory they may read");
        }
        Path path;
        BasicFileAttributes attributes;
        try {
            path = Path.of(remote.url()).toRealPath();
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException | IllegalArgumentException | FileSystemNotFoundException e) {
            throw new Unfetchable("cannot open it: " + describe(e));
        }
        if (!path.startsWith(fileRoot.get())) {
            throw new Unfetchable("it is outside camsearch.source.file-root");
        }
        if (!attributes.isRegularFile()) {
            throw new Unfetchable("it is not a regular file");
        }
        if (attributes.size() > settings.maxBytes()) {
            throw tooLarge("image URL " + remote, attributes.size());
        }
        // Opened without following a link, so that a link swapped in after the checks above cannot
        // lead out of the root. What remains (a FIFO swapped in for the checked file by someone who
        // can write under the root, which would block this open) is the operator's root to guard.
        try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBytes() + 1));
            if (bytes.length > settings.maxBytes()) { // it grew since it was looked at
                throw tooLarge("image URL " + remote, bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw new Unfetchable("reading it failed: " + describe(e));
        }
    }

    private byte[] checkSize(long size, String what, byte[] bytes) throws SourceException {
        if (size > settings.maxBytes()) {
            throw tooLarge(what, size);
        }
        return bytes;
    }

    private SourceException tooLarge(String what, long size) {
        return new SourceException(SourceException.Reason.TOO_LARGE, what + " has " + size + " bytes; the limit is " + settings.maxBytes());
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        offContext.shutdownNow();
        http.close();
        if (ownsVertx) {
            vertx.close();
        }
    }

    /** What one request gave. */
    private sealed interface Answer {
        record Body(byte[] bytes) implements Answer {
        }

        record Redirect(String location) implements Answer {
        }
    }

    /** An http(s) URL taken apart for a request. */
    private record Target(URI url, boolean https, String host, int port, String pathAndQuery) {

        /** Empty when the URL has no host or a port out of range (http:///a.png, http:a.png, http://h:99999/). */
        static Optional<Target> of(URI url) {
            String host = url.getHost();
            boolean https = "https".equalsIgnoreCase(url.getScheme());
            int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
            if (host == null || host.isEmpty() || port < 1 || port > 65535) {
                return Optional.empty();
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return Optional.of(new Target(url, https, host, port, url.getRawQuery() == null ? path : path + "?" + url.getRawQuery()));
        }

        /** The host without the brackets of an IPv6 literal, for the lookup. */
        String bareHost() {
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }
    }

    /** A fetch that failed in a way the caller is not told apart: the message is for the operator's log (at DEBUG), never for the caller. */
    private static final class Unfetchable extends Exception {
        Unfetchable(String detail) {
            super(detail, null, false, false);
        }
    }
}
