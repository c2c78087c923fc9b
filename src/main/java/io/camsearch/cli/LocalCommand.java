package io.camsearch.cli;

import io.camsearch.local.LocalRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code camsearch local}: broker, service and demo catalog on this machine. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Start a local Kafka broker, the service with the demo model, and publish the demo catalog; Ctrl-C stops all.")
final class LocalCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the service (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--management-port", defaultValue = "9000", description = "port of the service's health probes and metrics (default ${DEFAULT-VALUE})")
    int managementPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--data", defaultValue = "target/local-run", description = "broker log and index directory (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--classes", defaultValue = "100", description = "product classes in the demo catalog (default ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--per-class", defaultValue = "10", description = "products per class (default ${DEFAULT-VALUE})")
    int perClass;

    @Override
    public Integer call() throws Exception {
        new LocalRun(Path.of("").toAbsolutePath(), data.toAbsolutePath(), port, managementPort, kafkaPort, classes, perClass).run(System.out);
        return 0;
    }
}
