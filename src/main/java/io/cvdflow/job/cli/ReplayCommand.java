package io.cvdflow.job.cli;

import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceBuilder;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.kafka.KafkaConnection;
import io.cvdflow.job.kafka.KafkaInputs;
import io.cvdflow.job.kafka.KafkaTopic;
import io.cvdflow.job.kafka.ReplayOutputs;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.FeedEventRouter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded trades (files or directories: Binance JSON frames, recorder lines, "
                + "public-dump CSVs; plain, gzip or zip) through the job, rollback loop included (its control topic "
                + "on an in-process broker unless --kafka.bootstrap-servers names one); write Z records, quality "
                + "reports, signals, issued commands and dead letters as JSON lines.")
public class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigArguments configArguments;

    @Option(names = "--input", required = true, split = ",", paramLabel = "PATH", description = "files or directories")
    List<Path> inputs;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "cvd-out/replay",
            description = "output directory, must be empty or absent (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "0",
            description = "0 = as fast as possible, else the recorded pace times X")
    double speed;

    @Option(names = "--symbols", split = ",", paramLabel = "SYM", description = "replay only these symbols")
    Set<String> symbols = new LinkedHashSet<>();

    @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "8081",
            description = "port of the embedded Flink Web UI and REST API (default: ${DEFAULT-VALUE})")
    int restPort;

    @Override
    public Integer call() throws Exception {
        CvdConfig config = configArguments.resolve();
        requireEmpty(output);
        JobBanner.print(config);

        Configuration conf = CvdPipeline.flinkConfiguration(config);
        conf.set(RestOptions.PORT, restPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(config.job().parallelism());

        RecordedTradeSourceBuilder source = RecordedTradeSource.builder().paths(inputs.toArray(new Path[0]));
        if (speed > 0) {
            source.recordedPace(speed);
        }
        if (!symbols.isEmpty()) {
            source.symbols(symbols.toArray(new String[0]));
        }
        try (KafkaConnection kafka = KafkaConnection.open(config.kafka(), EnumSet.of(KafkaTopic.CONTROL))) {
            System.out.println("control loop: " + kafka.settings().topicName(KafkaTopic.CONTROL) + " on "
                    + (kafka.embedded() ? "the in-process broker at " : "") + kafka.bootstrapServers());
            CvdPipeline.build(env, config, source.build(), "recorded trades", KafkaInputs.control(kafka.settings()),
                    new ReplayOutputs(output, kafka.settings()));
            runToEnd(env.executeAsync("cvd replay " + inputs), config.job().parallelism());
        }

        System.out.println();
        System.out.println("Replay finished. Output: " + output.toAbsolutePath());
        ReplaySummary.read(output).print(System.out);
        return 0;
    }

    /**
     * The control source reads on for as long as the job runs, so the job does not end with its trades: once
     * every subtask's trade input has ended (and so every window and deadline has fired), the job is stopped
     * with a final savepoint that drains it, which commits every output. A command issued at the very end
     * reaches the control topic but no trade is left to apply it to.
     */
    private static void runToEnd(JobClient job, int parallelism) throws Exception {
        while (!inputEnded(job, parallelism)) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                return;
            }
            Thread.sleep(200);
        }
        Path savepoint = Files.createTempDirectory("cvd-replay-savepoint");
        try {
            job.stopWithSavepoint(true, savepoint.toUri().toString(), SavepointFormatType.CANONICAL).get();
            job.getJobExecutionResult().get();
        } finally {
            try (Stream<Path> files = Files.walk(savepoint)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean inputEnded(JobClient job, int parallelism) throws Exception {
        Object ended = job.getAccumulators().get().get(FeedEventRouter.INPUT_ENDED);
        return ended instanceof Integer && (Integer) ended >= parallelism;
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ReplayCommand()),
                            "--output " + dir + " is not empty: choose a new directory, or remove it first");
                }
            }
        }
    }
}
