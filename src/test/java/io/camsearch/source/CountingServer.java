package io.camsearch.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP server on 127.0.0.1 that counts the connections it accepts, to prove that a
 * refused URL was refused before anything connected. {@code /a.png} answers {@link #BODY};
 * {@code /to?u=URL} redirects to URL; {@code /loop} redirects to itself.
 */
final class CountingServer implements AutoCloseable {

    static final byte[] BODY = "an image".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    CountingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = Thread.ofPlatform().daemon().name("counting-server").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                accepted.incrementAndGet();
                answer(client);
            } catch (IOException e) {
                // closed, or the client hung up
            }
        }
    }

    private static void answer(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        String target = in.readLine().split(" ")[1];
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // the headers
        }
        OutputStream out = client.getOutputStream();
        if (target.equals("/a.png")) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(BODY);
        } else {
            String location = target.startsWith("/to?u=") ? URLDecoder.decode(target.substring(6), StandardCharsets.UTF_8) : "/loop";
            out.write(("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5_000);
    }
}
