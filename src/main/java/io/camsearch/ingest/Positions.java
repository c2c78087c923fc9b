package io.camsearch.ingest;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where consumption goes on: the next offset to consume per topic-partition. An immutable value;
 * {@link #advance} and {@link #merge} never move a partition back, so applying a part that was
 * applied before (a re-consumed record, a chunk that finished late) cannot lose progress.
 *
 * <p>Stored in the index's commit data as {@code offset:<topic>-<partition>} = decimal next
 * offset, the format indexes have carried since the first release ({@link #toCommitData},
 * {@link #fromCommitData}). A topic name may contain '-' but a partition number cannot, so the
 * last '-' of a key separates them.
 */
public final class Positions {

    public static final Positions NONE = new Positions(Map.of());

    /** The prefix of a commit-data key that holds a position; other keys are not ours. */
    static final String COMMIT_KEY_PREFIX = "offset:";

    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** Sorted by topic, then partition, so that the text forms are stable. */
    private final Map<TopicPartition, Long> next;

    private Positions(Map<TopicPartition, Long> next) {
        this.next = next;
    }

    /** The positions of a map of next offsets (each at least 0). */
    public static Positions of(Map<TopicPartition, Long> next) {
        TreeMap<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
        next.forEach((partition, offset) -> {
            if (offset == null || offset < 0) {
                throw new IllegalArgumentException("the next offset of " + partition + " must be 0 or more, got " + offset);
            }
            sorted.put(partition, offset);
        });
        return new Positions(java.util.Collections.unmodifiableMap(sorted));
    }

    /** One partition's next offset. */
    public static Positions of(String topic, int partition, long next) {
        return of(Map.of(new TopicPartition(topic, partition), next));
    }

    /** These positions with {@code partition} at {@code nextOffset}, unless it is further already. */
    public Positions advance(TopicPartition partition, long nextOffset) {
        return merge(of(Map.of(partition, nextOffset)));
    }

    /** These positions past the record: its partition at its offset + 1, unless further already. */
    public Positions after(ConsumerRecord<?, ?> record) {
        return advance(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }

    /** The positions just past the records: each partition at its last record's offset + 1. */
    public static Positions after(List<? extends ConsumerRecord<?, ?>> records) {
        Positions after = NONE;
        for (ConsumerRecord<?, ?> record : records) {
            after = after.after(record);
        }
        return after;
    }

    /** The further of the two positions of each partition, with the partitions of both. */
    public Positions merge(Positions other) {
        if (other.next.isEmpty()) {
            return this;
        }
        Map<TopicPartition, Long> merged = new LinkedHashMap<>(next);
        other.next.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
        return of(merged);
    }

    /** The next offset of the partition, empty when these positions have none for it. */
    public OptionalLong next(TopicPartition partition) {
        Long offset = next.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public boolean isEmpty() {
        return next.isEmpty();
    }

    /** The next offset per partition (sorted by topic, then partition). */
    public Map<TopicPartition, Long> asMap() {
        return next;
    }

    /** The entries the index commit records (see the class comment for the format). */
    public Map<String, String> toCommitData() {
        Map<String, String> data = new LinkedHashMap<>();
        next.forEach((partition, offset) -> data.put(COMMIT_KEY_PREFIX + partition.topic() + "-" + partition.partition(), Long.toString(offset)));
        return data;
    }

    /**
     * The positions recorded in an index commit's data; keys without the {@code offset:} prefix
     * are ignored.
     *
     * @throws IllegalArgumentException naming the entry, when a position entry is not of the format
     */
    public static Positions fromCommitData(Map<String, String> data) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if (!key.startsWith(COMMIT_KEY_PREFIX)) {
                return;
            }
            String name = key.substring(COMMIT_KEY_PREFIX.length());
            int dash = name.lastIndexOf('-');
            try {
                if (dash < 1) {
                    throw new NumberFormatException("no partition number");
                }
                long offset = Long.parseLong(value);
                int partition = Integer.parseInt(name.substring(dash + 1));
                if (partition < 0 || offset < 0) {
                    throw new NumberFormatException("negative");
                }
                next.put(new TopicPartition(name.substring(0, dash), partition), offset);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the index commit's position entry '" + key + "' = '" + value
                        + "' is not 'offset:<topic>-<partition>' = <next offset>", e);
            }
        });
        return of(next);
    }

    /** The entries of an index commit's data that are not positions (kept by whoever commits next). */
    public static Map<String, String> withoutPositions(Map<String, String> data) {
        Map<String, String> others = new LinkedHashMap<>(data);
        others.keySet().removeIf(key -> key.startsWith(COMMIT_KEY_PREFIX));
        return others;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Positions other && next.equals(other.next);
    }

    @Override
    public int hashCode() {
        return next.hashCode();
    }

    /** {@code {catalog-images-0=12, catalog-images-1=7}}, as the logs show it. */
    @Override
    public String toString() {
        return next.entrySet().stream().map(e -> e.getKey().topic() + "-" + e.getKey().partition() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
