package io.camsearch.bench;

import io.camsearch.bench.ThreadCpuTimes.ThreadTicks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's CPU time per event, by pipeline stage: each stage is the threads whose names match
 * its pattern (as the kernel keeps them: the first 15 bytes), so it is measured from outside the
 * service, with nothing timed on its hot path. A stage's threads may do more than one step of the
 * pipeline; {@link Stage#work} says which.
 */
public final class StageCpu {

    /** The stage of the model itself: the only one not counted as the pipeline's own cost. */
    public static final String MODEL = "model";

    /** Threads no stage claims, by name. */
    public static final String OTHER = "other";

    /** Threads that exited in the window unseen: their time is in the process's total under no name. */
    public static final String EXITED = "exitedThreads";

    /** A stage: its key in the results, which threads are its, and what they do. */
    public record Stage(String key, Pattern threads, String work) {}

    /**
     * The service's stages, in pipeline order and then the JVM's own. libtorch's intra-op threads
     * inherit the name of the thread that started them (Linux copies it on clone), so a model
     * worker's native threads count as the model's.
     */
    public static final List<Stage> SERVICE_STAGES = List.of(
            new Stage("consume", Pattern.compile("smallrye-kafka-.*|kafka-.*|executor-thread.*|catalog-images-.*|catalog-embedde"),
                    "Kafka polls, the hand-over of each batch to the ingestor, consumer lag readings"),
            new Stage("fetch", Pattern.compile("catalog-image-f.*"),
                    "parse the event, fetch or base64-decode the image, decode it, preprocess it to the model's input, thumbnail"),
            new Stage(MODEL, Pattern.compile("catalog-embed"), "embedding and CAM basis (model forward and backward), libtorch's threads included"),
            new Stage("indexApply", Pattern.compile("catalog-index-a.*"), "explanation encoding and the Lucene upsert"),
            new Stage("indexCommit", Pattern.compile("catalog-index-c.*|catalog-index-r.*|Lucene Merge.*"), "Lucene commits, refreshes and merges"),
            new Stage("publish", Pattern.compile("catalog-embeddi.*"), "the embedder role's envelopes to the embeddings topic (not in the one-process service)"),
            new Stage("http", Pattern.compile("vert\\.x-.*"), "HTTP, and the benchmark's metrics scrapes"),
            new Stage("jit", Pattern.compile("C[12] CompilerThre.*"), "the JIT compilers"),
            new Stage("gc", Pattern.compile("GC Thread.*|G1 .*"), "the garbage collector"),
            new Stage("jvm", Pattern.compile("VM .*|Reference Handl|Finalizer|Signal Dispatch|Service Thread|Monitor Deflati|Common-Cleaner"
                    + "|Notification Th|Attach Listener|Sweeper thread|JFR .*"), "the JVM's other threads (safepoints, reference processing)"));

    private StageCpu() {}

    /**
     * Core-milliseconds per event of each stage between two readings, keyed as {@link
     * #SERVICE_STAGES}, then {@link #OTHER} and {@link #EXITED}; stages without time are kept (0).
     */
    public static Map<String, Double> perEvent(List<Stage> stages, ThreadCpuTimes before, ThreadCpuTimes after, double events) {
        if (!(events > 0)) {
            throw new IllegalArgumentException("CPU per event needs events > 0, got " + events);
        }
        Map<String, Long> ticks = new LinkedHashMap<>();
        stages.forEach(s -> ticks.put(s.key(), 0L));
        ticks.put(OTHER, 0L);
        for (ThreadTicks t : after.ticksSince(before).values()) {
            ticks.merge(stageOf(stages, t.name()), t.ticks(), Long::sum);
        }
        ticks.put(EXITED, after.exitedTicksSince(before));
        Map<String, Double> perEvent = new LinkedHashMap<>();
        ticks.forEach((key, t) -> perEvent.put(key, t * 1000.0 / ThreadCpuTimes.TICKS_PER_SECOND / events));
        return perEvent;
    }

    /** The sum of every stage's time but the model's: the pipeline's own cost per event. */
    public static double nonModel(Map<String, Double> perEvent) {
        return perEvent.entrySet().stream().filter(e -> !e.getKey().equals(MODEL)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Ticks of the threads no stage claims, by name: what to add a stage for. */
    public static Map<String, Long> unclaimed(List<Stage> stages, ThreadCpuTimes before, ThreadCpuTimes after) {
        Map<String, Long> byName = new TreeMap<>();
        for (ThreadTicks t : after.ticksSince(before).values()) {
            if (stageOf(stages, t.name()).equals(OTHER) && t.ticks() > 0) {
                byName.merge(t.name(), t.ticks(), Long::sum);
            }
        }
        return byName;
    }

    static String stageOf(List<Stage> stages, String threadName) {
        for (Stage s : stages) {
            if (s.threads().matcher(threadName).matches()) {
                return s.key();
            }
        }
        return OTHER;
    }
}
