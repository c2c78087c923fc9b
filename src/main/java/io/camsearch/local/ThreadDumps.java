package io.camsearch.local;

import java.util.ArrayList;
import java.util.List;

/** Reads a JVM thread dump ({@code jcmd PID Thread.print}) down to the line a failure message can carry. */
final class ThreadDumps {

    /** Frames of the main thread quoted beyond the one it waits in: enough to see what start-up waits on. */
    private static final int MAIN_FRAMES = 5;

    private ThreadDumps() {
    }

    /**
     * The main thread's state and top frames, and the names of the threads BLOCKED on a monitor:
     * e.g. {@code main WAITING at a.B.c(B.java:1) < ...; blocked: "poll-thread"}.
     */
    static String summary(String dump) {
        List<String> blocked = new ArrayList<>();
        String main = "main thread not found";
        String[] threads = dump.split("\\R\\R");
        for (String thread : threads) {
            String[] lines = thread.strip().split("\\R");
            if (lines.length < 2 || !lines[0].startsWith("\"")) {
                continue;
            }
            String name = lines[0].substring(1, lines[0].indexOf('"', 1));
            String state = lines[1].strip().replace("java.lang.Thread.State: ", "");
            if (state.startsWith("BLOCKED")) {
                blocked.add('"' + name + '"');
            }
            if (name.equals("main")) {
                // The frame it waits in, then the application's frames: the JDK's own between them say little.
                List<String> frames = new ArrayList<>();
                for (int i = 2; i < lines.length && frames.size() <= MAIN_FRAMES; i++) {
                    String line = lines[i].strip();
                    if (line.startsWith("at ") && (frames.isEmpty() || !isJdkFrame(line.substring(3)))) {
                        frames.add(line.substring(3));
                    }
                }
                main = "main " + state + " at " + String.join(" < ", frames);
            }
        }
        return main + "; blocked: " + (blocked.isEmpty() ? "none" : String.join(", ", blocked));
    }

    private static boolean isJdkFrame(String frame) {
        return frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.");
    }
}
