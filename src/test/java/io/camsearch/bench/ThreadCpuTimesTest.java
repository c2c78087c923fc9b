package io.camsearch.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.bench.ThreadCpuTimes.ThreadTicks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Reads this test JVM's own /proc entries: its compiler and GC threads, and a thread it keeps busy. */
class ThreadCpuTimesTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void parsesANameWithSpacesAndParenthesesUpToTheLastParenthesis() {
        // Fields after the name: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, ...
        ThreadTicks t = ThreadCpuTimes.parse(42, "42 (C2 Compiler) x) S 1 1 1 0 -1 4194368 10 0 0 0 1234 56 0 0 20 0 1 0 77 0 0");
        assertEquals(new ThreadTicks(42, "C2 Compiler) x", 1290), t);
    }

    @Test
    void rejectsAStatLineWithoutNameOrTimesNamingTheThread() {
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class, () -> ThreadCpuTimes.parse(7, "7 S 1 1"));
        assertTrue(noName.getMessage().startsWith("thread 7: a stat line without a (name)"), noName.getMessage());
        IllegalArgumentException shortLine = assertThrows(IllegalArgumentException.class, () -> ThreadCpuTimes.parse(7, "7 (x) S 1 1 1"));
        assertTrue(shortLine.getMessage().contains("not the 15 or more of utime and stime"), shortLine.getMessage());
    }

    @Test
    void theJvmsCompilerAndCollectorThreadsAreReadAndGroupedByName() throws Exception {
        ThreadCpuTimes self = ThreadCpuTimes.of(SELF);
        List<String> names = self.threads().values().stream().map(ThreadTicks::name).toList();
        assertTrue(names.contains("C2 CompilerThre"), "the kernel keeps 15 bytes of 'C2 CompilerThread0': " + names);
        assertEquals("jit", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "C2 CompilerThre"));
        assertEquals("jit", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "C1 CompilerThre"));
        assertEquals("gc", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "GC Thread#0"));
        assertEquals("gc", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "G1 Conc#0"));
        assertEquals(StageCpu.MODEL, StageCpu.stageOf(StageCpu.SERVICE_STAGES, "catalog-embed"));
        assertEquals("consume", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "catalog-embedde"), "the embedder role's consumer is not the model");
        assertEquals("indexCommit", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "catalog-index-r"));
        assertEquals("fetch", StageCpu.stageOf(StageCpu.SERVICE_STAGES, "catalog-image-f"));
        assertEquals(StageCpu.OTHER, StageCpu.stageOf(StageCpu.SERVICE_STAGES, "main"));
        long jvmTicks = self.threads().values().stream().mapToLong(ThreadTicks::ticks).sum();
        assertTrue(self.processTicks() >= jvmTicks, "the process's total holds its live threads': " + self.processTicks() + " < " + jvmTicks);
    }

    @Test
    void aBusyThreadsTimeCountsForItsStageAsTheJvmMeasuresIt() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        long[] cpuNanos = new long[2];
        Thread busy = new Thread(() -> {
            started.set(true);
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 1;
            }
            assert x >= 0 : "kept alive so that the loop is not removed";
        }, "stage-cpu-busy-thread");
        busy.start();
        await().untilTrue(started);
        List<StageCpu.Stage> stages = List.of(new StageCpu.Stage("busy", Pattern.compile("stage-cpu-busy-.*"), "spins"));
        ThreadCpuTimes before = ThreadCpuTimes.of(SELF);
        cpuNanos[0] = mx.getThreadCpuTime(busy.threadId());
        await().atMost(Duration.ofMinutes(2)).until(() -> mx.getThreadCpuTime(busy.threadId()) - cpuNanos[0] >= 500_000_000L);
        ThreadCpuTimes after = ThreadCpuTimes.of(SELF);
        cpuNanos[1] = mx.getThreadCpuTime(busy.threadId());
        stop.set(true);
        busy.join();

        double jvmMs = (cpuNanos[1] - cpuNanos[0]) / 1e6;
        // Two events: per event is half the thread's time. The kernel counts in 10-ms ticks, and
        // the two readings of each side are not at the same instant: a wide margin.
        Map<String, Double> perEvent = StageCpu.perEvent(stages, before, after, 2);
        assertEquals(jvmMs / 2, perEvent.get("busy"), 50, "busy thread: " + perEvent);
        assertEquals(List.of("busy", StageCpu.OTHER, StageCpu.EXITED), List.copyOf(perEvent.keySet()));
        assertTrue(StageCpu.nonModel(perEvent) >= perEvent.get("busy"), "the non-model total holds the busy stage: " + perEvent);
        assertTrue(StageCpu.unclaimed(stages, before, after).keySet().stream().noneMatch(n -> n.startsWith("stage-cpu-busy")));
    }

    @Test
    void aThreadThatExitsKeepsTheTimeLastReadUnderItsName() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread shortLived = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 1;
            }
            assert x >= 0 : "kept alive so that the loop is not removed";
        }, "stage-cpu-short-lived");
        ThreadCpuTimes before = ThreadCpuTimes.of(SELF);
        shortLived.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> mx.getThreadCpuTime(shortLived.threadId()) >= 200_000_000L);
        ThreadCpuTimes seen = ThreadCpuTimes.of(SELF).keepingExited(before);
        stop.set(true);
        shortLived.join();
        // join() returns once the thread is no longer alive, but its OS thread leaves /proc a moment
        // later; on a loaded machine a reading in that moment still lists it (seen once in CI:
        // 210 ms under its name). The reading after is meant to come after the exit.
        await().atMost(Duration.ofSeconds(30)).until(() -> ThreadCpuTimes.of(SELF).threads().values().stream()
                .noneMatch(t -> t.name().startsWith("stage-cpu-short")));
        ThreadCpuTimes after = ThreadCpuTimes.of(SELF);

        List<StageCpu.Stage> stages = List.of(new StageCpu.Stage("short", Pattern.compile("stage-cpu-short.*"), "spins, then exits"));
        assertEquals(0.0, StageCpu.perEvent(stages, before, after, 1).get("short"), "not seen without the reading in between");
        double kept = StageCpu.perEvent(stages, before, after.keepingExited(seen), 1).get("short");
        assertTrue(kept >= 150, "the time read while it ran stays under its name: " + kept + " ms");
        assertTrue(after.threads().values().stream().noneMatch(t -> t.name().startsWith("stage-cpu-short")), "it has exited");
    }

    @Test
    void cpuPerEventNeedsEvents() throws Exception {
        ThreadCpuTimes now = ThreadCpuTimes.of(SELF);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageCpu.perEvent(StageCpu.SERVICE_STAGES, now, now, 0));
        assertEquals("CPU per event needs events > 0, got 0.0", e.getMessage());
    }
}
