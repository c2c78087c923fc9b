package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TorchRuntimeTest {

    @Test
    void oneDnnIsCappedAtAvx2InThisProcessUnlessTheUserExportedACap() {
        assertDefaulted(TorchRuntime.ONEDNN_ISA_VARIABLE, TorchRuntime.ONEDNN_ISA);
    }

    /** System.getenv is the environment the JVM started with; the native one is what libtorch reads. */
    private static void assertDefaulted(String variable, String value) {
        String exported = System.getenv(variable);
        assertEquals(exported != null ? exported : value, TorchRuntime.nativeEnvironment(variable));
    }

    @Test
    void limitingTheIntraOpThreadsOfOneThreadLeavesOtherThreadsAndNewThreadsAtTheDefault() throws Exception {
        int before = onNewThread(TorchRuntime::intraOpThreads);
        org.junit.jupiter.api.Assumptions.assumeTrue(before > 1, "one core: nothing to limit");
        int[] limitedThread = new int[2];
        java.util.concurrent.CountDownLatch limited = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        Thread worker = new Thread(() -> {
            TorchRuntime.limitIntraOpThreads(1);
            limitedThread[0] = TorchRuntime.intraOpThreads();
            limited.countDown();
            try {
                checked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Still limited after other threads ran operators and read their own.
            limitedThread[1] = TorchRuntime.intraOpThreads();
        });
        worker.start();
        limited.await();
        int otherThread = onNewThread(TorchRuntime::intraOpThreads);
        checked.countDown();
        worker.join();
        assertEquals(1, limitedThread[0]);
        assertEquals(1, limitedThread[1]);
        assertEquals(before, otherThread, "a thread started after the limit keeps the default");
        assertEquals(before, TorchRuntime.intraOpThreads(), "the test thread keeps the default");
    }

    private static int onNewThread(java.util.function.IntSupplier read) throws InterruptedException {
        int[] out = new int[1];
        Thread thread = new Thread(() -> out[0] = read.getAsInt());
        thread.start();
        thread.join();
        return out[0];
    }

    @Test
    void djlRunsOffline() {
        TorchRuntime.engine();
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }
}
