package io.camsearch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line entry: {@code java -jar target/camsearch-cli.jar <command>}. Exit codes: 0 done,
 * 1 bad input or failure (the message says what and where), 2 bad usage.
 */
@Command(name = "camsearch",
        mixinStandardHelpOptions = true,
        version = "camsearch 0.1.0",
        description = "Visual search that explains itself: EmbeddingCAM tools.",
        subcommands = {ExplainCommand.class, GenerateCommand.class, TrainCommand.class, EvaluateCommand.class, SeedsCommand.class, BenchCamCommand.class, BenchIndexCommand.class, BenchIngestCommand.class, BenchLoadCommand.class, BenchExplainCommand.class, BenchBatchCommand.class, BenchBasisCommand.class, BenchScaleCommand.class, LocalCommand.class})
public final class CamsearchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        // DJL logs through SLF4J, which Quarkus' dependencies bind to the JBoss log manager.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        return new CommandLine(new CamsearchCli())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + describe(e));
                    return 1;
                })
                .execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message != null ? message : e.getClass().getSimpleName();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'explain' (see --help)");
    }
}
