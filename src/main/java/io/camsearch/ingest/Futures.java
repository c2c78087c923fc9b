package io.camsearch.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** Waiting for the stages' results, and their threads. */
final class Futures {

    private Futures() {
    }

    /**
     * The future's value. A failure is not a rejected event (those are values) but a bug or an
     * exhausted resource, which fails the pipeline: it comes back as an IOException.
     */
    static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Daemon threads of this name: a stuck stage never keeps the process alive. */
    static ThreadFactory daemons(String name) {
        return Thread.ofPlatform().daemon().name(name).factory();
    }
}
