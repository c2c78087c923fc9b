package io.camsearch.ingest;

import java.io.IOException;
import java.util.List;

/** Where rejected records go. */
public interface DeadLetterSink {

    /**
     * Publishes the records and returns once the broker has acknowledged all of them, so that the
     * offsets of a batch are committed only after its rejects are safe.
     */
    void publish(List<DeadLetter> letters) throws IOException;
}
