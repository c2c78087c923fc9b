package io.camsearch.consistency;

import java.time.Duration;

/** The bound of a read-your-writes wait passed before this replica showed every write: how many it does not show yet. */
public final class WritesNotVisibleException extends RuntimeException {

    private final int unseen;
    private final int writes;

    public WritesNotVisibleException(int unseen, int writes, Duration waited) {
        super(unseen + " of the " + writes + " writes this search waited for " + (unseen == 1 ? "is" : "are") + " not yet applied on this replica after "
                + waited.toMillis() + " ms");
        assert unseen > 0 && unseen <= writes : unseen + " unseen of " + writes;
        this.unseen = unseen;
        this.writes = writes;
    }

    public int unseen() {
        return unseen;
    }

    public int writes() {
        return writes;
    }

    /** Expected under load and answered to the caller: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
