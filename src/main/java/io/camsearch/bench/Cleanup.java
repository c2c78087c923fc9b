package io.camsearch.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a benchmark started (broker, service, servers), stopped in reverse order when it ends, fails
 * or is interrupted (Ctrl-C runs the shutdown hook). The hook also ends any child process of this
 * JVM not yet registered, e.g. a broker still starting: a benchmark must not leave processes behind.
 */
final class Cleanup implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread hook = new Thread(this::onShutdown, "bench-cleanup");

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers {@code resource} to be closed before everything registered earlier; returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook does the stopping
            return;
        }
        closeAll();
    }

    private void onShutdown() {
        closeAll();
        ProcessHandle.current().children().forEach(ProcessHandle::destroy);
    }

    private synchronized void closeAll() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("  stopping a benchmark process failed: " + e.getMessage());
            }
        }
    }
}
