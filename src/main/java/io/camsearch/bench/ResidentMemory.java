package io.camsearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it: the heap plus what the index's memory-mapped
 * files have brought into memory, which is what a searcher's pod is charged for.
 */
final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /** Resident set size in MB, or NaN where /proc is not there. */
    static double currentMB() {
        return field("VmRSS:");
    }

    /** The peak resident set size so far in MB, or NaN. */
    static double peakMB() {
        return field("VmHWM:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).strip().split("\\s+");
                    assert parts.length == 2 && parts[1].equals("kB") : "a /proc size in kB: " + line;
                    return Math.round(Long.parseLong(parts[0]) / 1024.0 * 10) / 10.0;
                }
            }
            return Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
