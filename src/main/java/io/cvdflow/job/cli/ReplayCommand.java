package io.cvdflow.job.cli;

import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceBuilder;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.JsonFileOutputs;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded trades (files or directories: Binance JSON frames, recorder lines, "
                + "public-dump CSVs; plain, gzip or zip) through the job; write Z records and dead letters as JSON lines.")
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
        CvdPipeline.build(env, config, source.build(), "recorded trades", null, new JsonFileOutputs(output));
        env.execute("cvd replay " + inputs);

        System.out.println();
        System.out.println("Replay finished. Output: " + output.toAbsolutePath());
        ReplaySummary.read(output).print(System.out);
        return 0;
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
