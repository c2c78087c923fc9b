package io.camsearch.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.NativeLibrary;

/**
 * The one way into libtorch: every manager and engine handle comes from here, so the native
 * runtime is configured before its first kernel runs.
 *
 * <p>Two settings, each left alone when the user has set it:
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true}: DJL never downloads anything; libtorch comes from the {@code
 *       pytorch-native-cpu} jar.
 *   <li>{@code DNNL_MAX_CPU_ISA=AVX2} in the process environment: oneDNN (libtorch's convolution
 *       library) then compiles AVX2 kernels rather than AVX-512 ones. On the AMD EPYC (Zen 5)
 *       machines this project builds on, the {@code jit:avx512_core} convolutions of libtorch 2.7.1's
 *       oneDNN 3.7.1 returned an all-NaN feature map in 5 of 30 fresh processes on the same input
 *       and weights (and sometimes only after several good batches); capped at AVX2 it was 0 of 50.
 *       The price is slower convolutions (bench-cam's numbers are on the benchmarks page,
 *       src/site/markdown/benchmarks.md). Export {@code DNNL_MAX_CPU_ISA=ALL} on a machine where AVX-512 is sound. oneDNN reads the variable with {@code getenv} when it first
 *       picks kernels, so setting it here, before any network runs, is enough; Java cannot change
 *       its own environment, hence libc's {@code setenv} through JNA (which DJL already ships).
 * </ul>
 *
 * <p>Not set here: {@code OMP_WAIT_POLICY}. {@code PASSIVE} (OpenMP threads sleep between parallel
 * regions) did not speed up ingestion beyond the noise, and it slowed the non-linear head's CAM
 * basis (see the benchmarks page); export it for an ingest-heavy deployment after measuring there.
 */
public final class TorchRuntime {

    static final String ONEDNN_ISA_VARIABLE = "DNNL_MAX_CPU_ISA";
    static final String ONEDNN_ISA = "AVX2";

    /** The PyTorch engine, loaded only after the environment is set (class initialization runs once, thread-safely). */
    private static final Engine ENGINE = configureThenLoad();

    /** Intra-op threads a thread gets when it first runs an operator (ai.djl.pytorch.num_threads, else the cores). */
    private static final int DEFAULT_INTRA_OP_THREADS = JniUtils.getNumThreads();

    private TorchRuntime() {}

    /** A new base manager on the CPU, from a configured PyTorch engine. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), engine().getEngineName());
    }

    /** The PyTorch engine, configured. */
    public static Engine engine() {
        return ENGINE;
    }

    /**
     * Runs libtorch's operators on the calling thread with {@code threads} intra-op (OpenMP)
     * threads, leaving every other thread as it is.
     *
     * <p>Why per thread: a throughput stage that runs several model batches at once on their own
     * threads wants one OpenMP thread each (OpenMP threads wait for each other at the end of every
     * operator, so a team preempted by other work stalls; single-threaded batches do not), while a
     * search on an idle machine wants every core for one image. OpenMP keeps the team size per
     * thread, but libtorch's {@code set_num_threads} also records the value as the default that
     * threads take the first time they run an operator. So the default is put back at once, from a
     * short-lived thread of its own; a thread that runs its first operator in between would start
     * with {@code threads} (only slower, never wrong), so call this when a pool starts, not per request.
     */
    public static void limitIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + threads);
        }
        // A thread takes the recorded default when it first asks for its threads, which would undo a
        // limit set before: ask first.
        intraOpThreads();
        JniUtils.setNumThreads(threads);
        Thread restore = new Thread(() -> JniUtils.setNumThreads(DEFAULT_INTRA_OP_THREADS), "libtorch-thread-default");
        restore.start();
        try {
            restore.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring libtorch's default intra-op threads", e);
        }
    }

    /** The intra-op threads libtorch uses for operators run on the calling thread. */
    public static int intraOpThreads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** A variable of this process's native environment, as libtorch reads it (null when unset). */
    static String nativeEnvironment(String name) {
        return NativeLibrary.getInstance("c").getFunction("getenv").invokeString(new Object[] {name}, false);
    }

    private static Engine configureThenLoad() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        setDefault(ONEDNN_ISA_VARIABLE, ONEDNN_ISA);
        return Engine.getEngine("PyTorch");
    }

    /** Sets a native environment variable unless it is set: a value the user exported wins. */
    private static void setDefault(String name, String value) {
        int status = NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {name, value, 0});
        if (status != 0) {
            throw new IllegalStateException("could not set " + name + " for libtorch (setenv returned " + status
                    + "); export " + name + "=" + value + " before starting camsearch");
        }
    }
}
