package io.camsearch.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An image server on 127.0.0.1 that answers every request at once with a 200 and headers of a
 * large PNG, and then trickles its body a byte a second: the slowest server that never lets a read
 * time out, so only a deadline for the whole response ends the fetch. Loopback only: the benchmark
 * never sends traffic to any other address.
 */
final class SlowImageServer implements AutoCloseable {

    /** More than a fetch can ever read at a byte a second. */
    private static final long DECLARED_BYTES = 1 << 20;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final HttpServer server;
    private final ExecutorService handlers;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    private SlowImageServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    static SlowImageServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
        // A thread per request: each one waits most of its life, and there may be hundreds.
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        SlowImageServer slow = new SlowImageServer(server, handlers);
        server.createContext("/", slow::trickle);
        server.setExecutor(handlers);
        server.start();
        return slow;
    }

    /** The URL of a slow image. */
    String imageUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slow.png";
    }

    /** Requests received so far. */
    int requests() {
        return requests.get();
    }

    /** Responses still trickling. */
    int open() {
        return open.get();
    }

    private void trickle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        open.incrementAndGet();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, DECLARED_BYTES);
            OutputStream body = exchange.getResponseBody();
            for (long sent = 0; sent < DECLARED_BYTES; sent++) {
                body.write(PNG_SIGNATURE[(int) (sent % PNG_SIGNATURE.length)]);
                body.flush();
                Thread.sleep(1000);
            }
        } catch (IOException e) {
            // the fetcher gave up and closed the connection: what this server waits for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
