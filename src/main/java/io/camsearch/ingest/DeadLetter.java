package io.camsearch.ingest;

/**
 * A record that could not be ingested, as it goes to the dead-letter topic: the original key and
 * value unchanged (so it can be fixed and replayed), where it came from, and why it was rejected.
 *
 * @param reason the {@link #REASON_HEADER} value: a stable name ({@link EventRejectedException#reason()})
 */
public record DeadLetter(String key, byte[] value, String sourceTopic, int sourcePartition, long sourceOffset,
                         String reason, String detail) {

    /** Header names on the dead-letter record. */
    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String DETAIL_HEADER = "dead-letter-detail";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";
}
