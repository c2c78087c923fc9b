package io.camsearch.ingest;

import io.camsearch.logging.LogText;
import java.io.IOException;
import java.util.List;

/** Where rejected records go. */
public interface DeadLetterSink {

    /**
     * Publishes the records and returns once the broker has acknowledged all of them, so that the
     * offsets of a batch are committed only after its rejects are safe.
     */
    void publish(List<DeadLetter> letters) throws IOException;

    /**
     * {@link #publish}, then a warning per letter (where it came from and why), when there are any:
     * how the appliers send a part's rejects before their positions pass them.
     */
    static void publishAndLog(DeadLetterSink sink, List<DeadLetter> letters, System.Logger log) throws IOException {
        if (letters.isEmpty()) {
            return;
        }
        sink.publish(letters);
        for (DeadLetter letter : letters) {
            log.log(System.Logger.Level.WARNING, "catalog event {0}-{1}@{2} (key {3}) went to the dead-letter topic: {4}: {5}",
                    letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), LogText.escape(letter.key()), letter.reason(),
                    LogText.escape(letter.detail()));
        }
    }
}
