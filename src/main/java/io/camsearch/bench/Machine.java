package io.camsearch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state of the machine a number was measured on: on a shared machine a rate means little without it. */
final class Machine {

    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    private Machine() {}

    /**
     * The load average over 1, 5 and 15 minutes as {@code uptime} shows it ({@code /proc/loadavg});
     * where there is no such file, the JVM's 1-minute figure ("n/a" if it has none).
     */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(LOAD_AVERAGE).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            double oneMinute = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return oneMinute < 0 ? "n/a" : String.format("%.2f", oneMinute);
        }
    }
}
