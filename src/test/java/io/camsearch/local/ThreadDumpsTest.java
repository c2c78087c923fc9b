package io.camsearch.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one-line summary of a real thread dump of this JVM, taken with jcmd as ServiceProcess takes one. */
class ThreadDumpsTest {

    @Test
    void namesTheThreadBlockedOnAMonitorAndWhatTheMainThreadIsDoing() throws Exception {
        Object monitor = new Object();
        Thread waiter;
        String summary;
        synchronized (monitor) {
            waiter = new Thread(() -> {
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            }, "waiting-for-the-monitor");
            waiter.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> waiter.getState() == Thread.State.BLOCKED);
            summary = ThreadDumps.summary(dumpOfThisJvm());
        }
        waiter.join();

        assertTrue(summary.contains("blocked: \"waiting-for-the-monitor\""), summary);
        boolean testOnMain = Thread.currentThread().getName().equals("main");
        assertTrue(!testOnMain || summary.contains("main RUNNABLE at "), summary);
        assertTrue(!testOnMain || summary.contains("ThreadDumpsTest"), "the main thread's frames reach this test: " + summary);
    }

    @Test
    void saysSoWhenTheDumpHasNoMainThread() {
        String dump = "\"worker\" #12 prio=5\n   java.lang.Thread.State: WAITING (parking)\n\tat jdk.internal.misc.Unsafe.park(Native Method)\n";
        assertTrue(ThreadDumps.summary(dump).equals("main thread not found; blocked: none"), ThreadDumps.summary(dump));
    }

    private static String dumpOfThisJvm() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return dump;
    }
}
