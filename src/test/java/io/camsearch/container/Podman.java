package io.camsearch.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line, as the container tests use it: runc as the OCI runtime (podman's crun
 * fails on this machine's hybrid cgroup layout and on raising limits) and explicit ulimits.
 */
final class Podman {

    static final String RUNTIME = "/usr/sbin/runc";

    private Podman() {}

    /** True when {@code command} is an executable on PATH. */
    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code podman args...}; returns its standard output; fails with its output if it exits non-zero. */
    static String run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(List.of(args));
        Result result = exec(command, timeout, null);
        if (result.exit() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exit() + ": " + result.output());
        }
        return result.output();
    }

    /** Runs a command with its output appended to {@code log} (or captured when log is null). */
    static Result exec(List<String> command, Duration timeout, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = log != null ? log : Files.createTempFile("podman", ".out");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), log != null ? "" : Files.readString(output, StandardCharsets.UTF_8).strip());
        } finally {
            if (log == null) {
                Files.deleteIfExists(output);
            }
        }
    }

    record Result(int exit, String output) {}
}
