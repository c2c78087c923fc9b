package io.camsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * hnswlib (Debian's python3-hnswlib) on the same vectors, queries and exact answers, in the same
 * run: the anchor bench-index's latency is compared with at equal recall. Runs
 * src/main/python/hnswlib_bench.py, which builds one graph with the same M and beam width and
 * times a search per query on one thread for each ef.
 */
final class HnswlibAnchor {

    /** Debian installs python3-hnswlib for its own interpreter, which a python3 earlier on PATH may not be. */
    private static final String PYTHON = "/usr/bin/python3";

    /** One ef's measurement. */
    record Point(int ef, double recallAt10, double p50Ms, double p99Ms) {}

    private final List<Point> points;
    private final double buildSeconds;

    private HnswlibAnchor(List<Point> points, double buildSeconds) {
        this.points = points;
        this.buildSeconds = buildSeconds;
    }

    double buildSeconds() {
        return buildSeconds;
    }

    /** The fastest ef whose recall is at least {@code recall}: hnswlib at the recall a configuration reached. */
    Optional<Point> atRecall(double recall) {
        return points.stream().filter(p -> p.recallAt10() >= recall).min((a, b) -> Double.compare(a.p50Ms(), b.p50Ms()));
    }

    static HnswlibAnchor measure(Path script, Path dir, SyntheticVectors vectors, int items, float[][] queries, ExactNeighbours exact,
            int maxConnections, int beamWidth, List<Integer> efs, boolean reuse, PrintStream log) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int dim = queries[0].length;
        try (FileChannel out = FileChannel.open(dir.resolve("vectors.f32"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * dim * 1024).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < items; i++) {
                for (float x : vectors.vector(i)) {
                    buffer.putFloat(x);
                }
                if (!buffer.hasRemaining() || i == items - 1) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
            }
        }
        ByteBuffer q = ByteBuffer.allocate(4 * dim * queries.length).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer t = ByteBuffer.allocate(4 * 10 * queries.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < queries.length; i++) {
            for (float x : queries[i]) {
                q.putFloat(x);
            }
            int[] top = exact.top(i);
            assert top.length == 10 : "the exact top 10 of every query";
            for (int item : top) {
                t.putInt(item);
            }
        }
        Files.write(dir.resolve("queries.f32"), q.array());
        Files.write(dir.resolve("truth.i32"), t.array());
        Files.writeString(dir.resolve("meta.json"), new ObjectMapper().writeValueAsString(Map.of("items", items, "queries", queries.length, "dim", dim)));

        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), dir.toString(), "--m", Integer.toString(maxConnections),
                "--ef-construction", Integer.toString(beamWidth), "--ef", String.join(",", efs.stream().map(String::valueOf).toList())));
        if (reuse) {
            // The script saves its index there after building it, and loads it when a run with the same graph saved one.
            command.addAll(List.of("--index", dir.resolve("hnswlib-m" + maxConnections + "-ef" + beamWidth + ".bin").toString()));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Point> points = new ArrayList<>();
        double build = Double.NaN;
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode node = json.readTree(line);
                if (node.has("buildSeconds")) {
                    build = node.get("buildSeconds").asDouble();
                    log.printf(node.path("loaded").asBoolean() ? "  hnswlib: loaded the index a run built in %.1f s%n"
                            : "  hnswlib: built in %.1f s%n", build);
                } else {
                    Point p = new Point(node.get("ef").asInt(), node.get("recallAt10").asDouble(), node.get("p50Ms").asDouble(), node.get("p99Ms").asDouble());
                    log.printf("  hnswlib ef %d: recall@10 %.4f, p50/p99 %.3f/%.3f ms%n", p.ef(), p.recallAt10(), p.p50Ms(), p.p99Ms());
                    points.add(p);
                }
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            throw new IOException("hnswlib's benchmark (" + String.join(" ", command) + ") exited with " + code
                    + "; is python3-hnswlib installed (apt-get install python3-hnswlib)?");
        }
        return new HnswlibAnchor(points, build);
    }
}
