package io.camsearch.source;

import java.util.concurrent.Semaphore;

/**
 * A fixed number of URL fetches at once for one kind of caller (searches by image URL), taken
 * without waiting: when all are in use the caller is told at once to come back, instead of
 * queueing behind slow servers and holding a request thread that other work needs.
 */
public final class FetchPermits {

    private final ImageFetcher fetcher;
    private final Semaphore permits;
    private final int count;

    public FetchPermits(ImageFetcher fetcher, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of fetch permits must be >= 1, got " + count);
        }
        this.fetcher = fetcher;
        this.permits = new Semaphore(count);
        this.count = count;
    }

    /** The bytes of {@code source}; a URL only with a permit, inline bytes without one. */
    public byte[] fetch(ImageSource source) throws SourceException {
        if (source instanceof ImageSource.Inline) {
            return fetcher.fetch(source);
        }
        if (!permits.tryAcquire()) {
            throw SourceException.busy("all " + count + " fetches of image URLs for searches are in use; try again shortly, or send the image itself",
                    retryAfterSeconds());
        }
        try {
            return fetcher.fetch(source);
        } finally {
            permits.release();
        }
    }

    /** The longest a permit is held: when asking again makes sense. */
    private long retryAfterSeconds() {
        return Math.max(1, (fetcher.settings().timeout().toMillis() + 999) / 1000);
    }
}
