package io.camsearch.cli;

import io.camsearch.bench.LoadBenchmark;
import io.camsearch.local.DemoCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-load", mixinStandardHelpOptions = true,
        description = {"Whether slow searches by URL hurt everyone else: the packaged service with the demo catalog under normal",
                "clients alone, then the same clients next to clients searching by an image URL that answers a byte a second",
                "(a server on 127.0.0.1), in one run. Needs ./mvnw package first."})
final class BenchLoadCommand implements Callable<Integer> {

    @Option(names = "--classes", defaultValue = "100", description = "Demo catalog classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", defaultValue = "10", description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--clients", defaultValue = "30",
            description = "Normal clients in both phases, half asking for similar items (explain=both), half uploading (explain=query) (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--slow-clients", defaultValue = "20", description = "Clients searching by the slow URL in the second phase (default ${DEFAULT-VALUE}).")
    int slowClients;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds each phase starts requests (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warm-up", defaultValue = "15", description = "Seconds of normal load before the first phase, not recorded (default ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--request-timeout", defaultValue = "60",
            description = "Seconds a client waits for a response before counting a timeout (default ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    @Option(names = "--service-property", paramLabel = "KEY=VALUE",
            description = "A configuration property for the service under test, e.g. camsearch.source.timeout=2s (repeatable).")
    Map<String, String> serviceProperties = Map.of();

    @Option(names = "--dir", defaultValue = "target/bench/load", description = "Broker and index directory; emptied first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", defaultValue = "target/bench/load.json", description = "Where to write the results (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || slowClients < 0 || durationSeconds < 1 || warmUpSeconds < 0 || requestTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--clients, --duration and --request-timeout must be at least 1, --slow-clients and --warm-up at least 0;"
                    + " got " + clients + ", " + durationSeconds + ", " + requestTimeoutSeconds + ", " + slowClients + " and " + warmUpSeconds);
        }
        LoadBenchmark.Settings settings = new LoadBenchmark.Settings(clients, slowClients, Duration.ofSeconds(durationSeconds),
                Duration.ofSeconds(warmUpSeconds), Duration.ofSeconds(requestTimeoutSeconds));
        DemoCatalog catalog = new DemoCatalog(classes, perClass);
        BenchFiles.emptyDirectory(dir);
        LoadBenchmark.Result result = new LoadBenchmark(Path.of("").toAbsolutePath(), dir.toAbsolutePath(), System.err)
                .run(catalog, settings, serviceProperties);
        System.out.println(BenchTable.format(result.rows()));
        System.out.println(BenchTable.format(result.normalWithOverWithout()));
        BenchFiles.writeJson(json, result);
        return 0;
    }
}
