package io.cvdflow.job;

import io.cvdflow.job.cli.RecordCommand;
import io.cvdflow.job.cli.ReplayCommand;
import io.cvdflow.job.cli.RunCommand;
import io.cvdflow.job.cli.SweepCommand;
import io.cvdflow.job.cli.ValidateCommand;
import io.cvdflow.job.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point, both for {@code ./cvd} (an embedded MiniCluster with the Web UI) and for {@code flink run} on a
 * cluster: the execution environment is whichever context the program runs in.
 */
@Command(name = "cvd", mixinStandardHelpOptions = true, version = "cvd 0.1.0",
        description = "Real-time CVD and delta-Z statistics for Binance futures on Apache Flink.",
        subcommands = {RunCommand.class, ReplayCommand.class, RecordCommand.class, ValidateCommand.class, SweepCommand.class})
public class CvdJob {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new CvdJob());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable root = e;
            while (!(root instanceof ConfigException) && root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof ConfigException) {
                commandLine.getErr().println("configuration refused: " + root.getMessage());
                return 2;
            }
            throw e;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
