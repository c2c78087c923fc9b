package io.camsearch.model;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * glibc's malloc set for batch work on libtorch (training, evaluation), through {@code mallopt}.
 *
 * <p>Why: libtorch on the CPU takes each step's activations from malloc (for a batch of 64 at
 * 96 px, blocks of tens of MB) and frees them when the step ends. glibc serves blocks that large
 * with mmap and hands them back with munmap, so every step maps fresh pages that the kernel must
 * zero, 4 KiB at a time; training then spent a fifth to a quarter of its CPU time in the kernel.
 * Keeping freed memory in the heap where glibc can (no mmap for what fits a heap, no trimming, the
 * main heap grown 1 GiB at a time; a thread arena's heaps are 64 MiB, and a larger block still
 * comes from mmap) made the same
 * epoch 1.5-1.8x faster on the 2-core machine of December 5: 288 and 326 images a second against
 * 157 and 217 with glibc's defaults, in alternating runs (benchmarks.md, "Training speed"; {@code
 * java -Dcamsearch.malloc=default -jar ... train} keeps the defaults, to measure it again). The
 * price is resident memory that does not shrink back: right for a batch job, wrong for the
 * long-running service, which keeps glibc's defaults.
 */
public final class BatchMalloc {

    /** Set to {@value #DEFAULT} to leave malloc as it is. */
    public static final String PROPERTY = "camsearch.malloc";
    public static final String DEFAULT = "default";

    // mallopt's parameters, from glibc's malloc.h.
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_MAX = -4;

    private static final int NEVER_TRIM = Integer.MAX_VALUE;
    private static final int TOP_PAD = 1 << 30;

    private BatchMalloc() {}

    /** Sets malloc for batch work, once a process is enough; says what it did, for the log. */
    public static String apply() {
        if (DEFAULT.equals(System.getProperty(PROPERTY))) {
            return "malloc: glibc's defaults (-D" + PROPERTY + "=" + DEFAULT + ")";
        }
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("mallopt");
        if (symbol.isEmpty()) {
            return "malloc: left as it is (no glibc mallopt in this process)";
        }
        MethodHandle mallopt = linker.downcallHandle(symbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        boolean set = set(mallopt, M_MMAP_MAX, 0) & set(mallopt, M_TRIM_THRESHOLD, NEVER_TRIM) & set(mallopt, M_TOP_PAD, TOP_PAD);
        return set ? "malloc: set for batch work (freed memory stays in the heap: no mmap, no trimming, 1 GiB top pad)"
                : "malloc: glibc refused a setting; training may run at half speed";
    }

    private static boolean set(MethodHandle mallopt, int parameter, int value) {
        try {
            return (int) mallopt.invokeExact(parameter, value) == 1;
        } catch (Throwable e) {
            throw new IllegalStateException("mallopt(" + parameter + ", " + value + ") failed", e);
        }
    }
}
