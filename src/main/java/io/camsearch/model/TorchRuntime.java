package io.camsearch.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
 *       and weights (and sometimes only after several good batches); capped at AVX2 it was 0 of 50,
 *       at the same batch throughput. oneDNN reads the variable with {@code getenv} when it first
 *       picks kernels, so setting it here, before any network runs, is enough; Java cannot change
 *       its own environment, hence libc's {@code setenv} through JNA (which DJL already ships).
 * </ul>
 */
public final class TorchRuntime {

    static final String ONEDNN_ISA_VARIABLE = "DNNL_MAX_CPU_ISA";
    static final String ONEDNN_ISA = "AVX2";

    private static boolean configured;

    private TorchRuntime() {}

    /** A new base manager on the CPU, from a configured PyTorch engine. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), engine().getEngineName());
    }

    /** The PyTorch engine, configured. */
    public static Engine engine() {
        configure();
        return Engine.getEngine("PyTorch");
    }

    /** The oneDNN ISA cap in force for this process (what oneDNN will read). */
    public static String onednnIsaCap() {
        configure();
        return NativeLibrary.getInstance("c").getFunction("getenv").invokeString(new Object[] {ONEDNN_ISA_VARIABLE}, false);
    }

    private static synchronized void configure() {
        if (configured) {
            return;
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // overwrite = 0: a value the user exported (e.g. AVX512_CORE on a machine where it is sound) wins.
        int status = NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {ONEDNN_ISA_VARIABLE, ONEDNN_ISA, 0});
        if (status != 0) {
            throw new IllegalStateException("could not set " + ONEDNN_ISA_VARIABLE + " for libtorch's oneDNN (setenv returned " + status
                    + "); export " + ONEDNN_ISA_VARIABLE + "=" + ONEDNN_ISA + " before starting camsearch");
        }
        configured = true;
    }
}
