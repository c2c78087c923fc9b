package io.camsearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time every live thread of a process has used so far, and the process's own total, read
 * from Linux's {@code /proc/<pid>/task/<tid>/stat} and {@code /proc/<pid>/stat}. Read from outside
 * the process: its JIT compiler and GC threads, which {@code ThreadMXBean} does not list, and
 * libtorch's native threads are there too, each under its thread name (the kernel keeps the first
 * 15 bytes of it).
 *
 * @param threads by thread id
 * @param processTicks user + system time of the whole process, threads that have exited included
 */
public record ThreadCpuTimes(Map<Integer, ThreadTicks> threads, long processTicks) {

    /**
     * The kernel's clock ticks per second in which the stat files count CPU time: {@code
     * sysconf(_SC_CLK_TCK)}, which Java cannot ask; it is 100 on every Linux architecture the
     * service runs on (x86-64, arm64), where the kernel's USER_HZ is fixed at 100.
     */
    public static final int TICKS_PER_SECOND = 100;

    /** One thread's name and user + system CPU time in clock ticks. */
    public record ThreadTicks(int tid, String name, long ticks) {}

    /** Every live thread of process {@code pid} now; threads that exit while being read are left out. */
    public static ThreadCpuTimes of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Map<Integer, ThreadTicks> threads = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                int tid = Integer.parseInt(task.getFileName().toString());
                try {
                    threads.put(tid, parse(tid, Files.readString(task.resolve("stat"))));
                } catch (NoSuchFileException exited) {
                    // Exited between the listing and the read: its time is in the process's total.
                }
            }
        }
        return new ThreadCpuTimes(Map.copyOf(threads), parse((int) pid, Files.readString(proc.resolve("stat"))).ticks());
    }

    /**
     * One stat line: {@code tid (name) state ppid ...}, utime and stime being fields 14 and 15. The
     * name may hold spaces and parentheses (a JVM names threads "C2 CompilerThread0"), so it ends at
     * the line's last ')'.
     */
    static ThreadTicks parse(int tid, String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("thread " + tid + ": a stat line without a (name): " + abbreviate(stat));
        }
        // After the name: field 3 (state) is at index 0, so utime (14) is at 11 and stime (15) at 12.
        String[] fields = stat.substring(close + 1).trim().split(" ");
        if (fields.length < 13) {
            throw new IllegalArgumentException("thread " + tid + ": a stat line with " + (fields.length + 2) + " fields, not the 15 or more of utime and stime: "
                    + abbreviate(stat));
        }
        return new ThreadTicks(tid, stat.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /**
     * This reading with the threads of {@code earlier} that have exited since, at their times then:
     * read often through a window, the time of short-lived threads (Lucene's merge threads, pool
     * threads that time out) stays under their names, but for what they used after the last reading.
     */
    public ThreadCpuTimes keepingExited(ThreadCpuTimes earlier) {
        Map<Integer, ThreadTicks> all = new LinkedHashMap<>(threads);
        earlier.threads.forEach(all::putIfAbsent);
        return new ThreadCpuTimes(Map.copyOf(all), processTicks);
    }

    /**
     * Ticks each thread used between {@code before} and this reading: a thread that started in
     * between counts from zero. Those that exited in between are in {@link #exitedTicksSince}, unless kept by {@link #keepingExited}.
     */
    public Map<Integer, ThreadTicks> ticksSince(ThreadCpuTimes before) {
        Map<Integer, ThreadTicks> used = new LinkedHashMap<>();
        threads.forEach((tid, now) -> {
            ThreadTicks then = before.threads.get(tid);
            long start = then != null && then.name().equals(now.name()) ? then.ticks() : 0;
            used.put(tid, new ThreadTicks(tid, now.name(), now.ticks() - start));
        });
        return used;
    }

    /** Ticks of the process between the two readings that no thread of this reading accounts for: those of threads that exited unseen. */
    public long exitedTicksSince(ThreadCpuTimes before) {
        long live = ticksSince(before).values().stream().mapToLong(ThreadTicks::ticks).sum();
        return Math.max(0, processTicks - before.processTicks - live);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s.strip() : s.substring(0, 80) + "...";
    }
}
