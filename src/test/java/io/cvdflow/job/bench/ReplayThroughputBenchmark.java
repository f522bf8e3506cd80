package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.kafka.EmbeddedKafkaBroker;
import io.cvdflow.job.kafka.KafkaOutputs;
import io.cvdflow.job.kafka.KafkaSettings;
import io.cvdflow.job.kafka.KafkaTopic;
import io.cvdflow.job.kafka.KafkaTopics;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdOutputs;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Replay throughput of the whole job on the embedded cluster, checkpointing on: parse, key, Z, quality windows and
 * the rollback flow, into discarding sinks and then into the exactly-once Kafka sinks of production
 * ({@link KafkaOutputs}, on the in-process broker), at each parallelism asked for; and, in the same run, the job
 * up to the Z records only, so that the quality windows' cost is a ratio within one run (issue 4). Prints trades/s
 * per run and the peak resident set of the process (the broker and the MiniCluster included).
 *
 * <p>Input: by default the recordings' trades rewritten as live trade frames ({@link LiveWireRecordings}: the live
 * job ingests trade frames, while 76 % of the recorded spot lines are depth frames); {@code recorded} replays the
 * original files instead. Either way the recordings are replayed {@code repeat} times, IDs and times shifted per
 * pass so that every symbol's sequence stays continuous. Both are derived data, and the output says so.
 *
 * <p>The machine may be shared: each run also prints the CPU time the whole process spent per trade, which
 * another process's load changes far less than the wall-clock rate.
 *
 * <p>{@code ./cvd bench replay [repeat] [parallelisms, e.g. 1,2] [live-wire|recorded] [key=value overrides]}
 */
public final class ReplayThroughputBenchmark {
    private static final String CHECKPOINT_INTERVAL = "2s";
    /** Checkpoint barriers that reached the Z records' discarding sink, summed over its subtasks. */
    private static final AtomicLong BARRIERS = new AtomicLong();

    private ReplayThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeat = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Integer> parallelisms = new ArrayList<>();
        for (String p : (args.length > 1 ? args[1] : "1,2").split(",")) {
            parallelisms.add(Integer.parseInt(p.trim()));
        }
        boolean recorded = args.length > 2 && args[2].equals("recorded");
        if (args.length > 2 && !recorded && !args[2].equals("live-wire")) {
            throw new IllegalArgumentException("input must be live-wire or recorded: " + args[2]);
        }
        List<String> overrides = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        CvdConfig config = CvdConfigLoader.fromYaml(
                "job: {checkpoint-interval: " + CHECKPOINT_INTERVAL + "}", "benchmark", overrides);
        Path work = Files.createTempDirectory("cvd-replay-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0)) {
            Path input = SharedData.dir();
            long perPass = 0;
            if (recorded) {
                for (Path file : SharedData.all()) {
                    perPass += io.cvdflow.connector.binance.parse.RecordedFileReader.readTrades(file).size();
                }
            } else {
                input = work.resolve("live-wire");
                perPass = LiveWireRecordings.write(SharedData.all(), SharedData.dir(), input);
            }
            long trades = perPass * repeat;
            System.out.printf("input: %s, %,d trades, replayed %d times (derived: IDs and times shifted per pass): "
                    + "%,d trades; checkpoints every %s to %s; load average %s%n",
                    recorded ? "the recordings in ../shared/data as recorded"
                            : "the trades of ../shared/data rewritten as live combined-stream trade frames (derived)",
                    perPass, repeat, trades, CHECKPOINT_INTERVAL, work.resolve("checkpoints"), loadAverage());
            Bench bench = new Bench(config, input, repeat, work.resolve("checkpoints"), broker.bootstrapServers());
            bench.run(Stage.Z_ONLY, parallelisms.get(0), 0); // warm-up of the JVM, not measured
            for (int p : parallelisms) {
                double zOnly = bench.measure(Stage.Z_ONLY, p, trades);
                double full = bench.measure(Stage.FULL, p, trades);
                System.out.printf("p=%d quality windows cost %.1f %% of the throughput up to Z (issue 4 target: "
                        + "under 20 %%); full job / up to Z = %.3f%n", p, 100 * (1 - full / zOnly), full / zOnly);
                bench.measure(Stage.KAFKA, p, trades);
            }
            System.out.printf("peak RSS of the process (VmHWM: MiniCluster, in-process broker, benchmark): %,d MB; "
                    + "load average %s%n", peakRssKb() >> 10, loadAverage());
        } finally {
            deleteRecursively(work);
        }
    }

    private enum Stage {
        Z_ONLY("up to the Z records, discarding sink"),
        FULL("whole job (Z, quality windows, rollback), discarding sinks"),
        KAFKA("whole job, exactly-once Kafka sinks");

        final String description;

        Stage(String description) {
            this.description = description;
        }
    }

    private static final class Bench {
        final CvdConfig config;
        final Path input;
        final int repeat;
        final Path checkpoints;
        final String bootstrapServers;
        int runs;

        Bench(CvdConfig config, Path input, int repeat, Path checkpoints, String bootstrapServers) {
            this.config = config;
            this.input = input;
            this.repeat = repeat;
            this.checkpoints = checkpoints;
            this.bootstrapServers = bootstrapServers;
        }

        double measure(Stage stage, int parallelism, long trades) throws Exception {
            long barriersBefore = BARRIERS.get();
            long cpuBefore = processCpuNanos();
            double seconds = run(stage, parallelism, ++runs);
            double cpuPerTrade = (processCpuNanos() - cpuBefore) / 1000.0 / trades;
            double rate = trades / seconds;
            System.out.printf("p=%d %-60s %,12.0f trades/s (%.2f s, %.2f CPU-µs per trade%s)%n", parallelism,
                    stage.description, rate, seconds, cpuPerTrade, stage == Stage.KAFKA ? ""
                            : ", " + (BARRIERS.get() - barriersBefore) / parallelism + " checkpoints");
            return rate;
        }

        /** Runs the job to the end of the input; returns its net runtime in seconds (start-up included). */
        double run(Stage stage, int parallelism, int id) throws Exception {
            Configuration conf = CvdPipeline.flinkConfiguration(config);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.resolve("run-" + id).toUri().toString());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(parallelism);
            RecordedTradeSource source = RecordedTradeSource.builder().paths(input).repeat(repeat).build();
            if (stage == Stage.Z_ONLY) {
                CvdPipeline.zStage(env, config, source, "recorded trades", null).z.sinkTo(new CountingDiscardingSink<>());
            } else {
                CvdPipeline.build(env, config, source, "recorded trades", null,
                        stage == Stage.FULL ? new Discarding() : new KafkaOutputs(kafka("bench" + id)));
            }
            return env.execute("replay benchmark: " + stage.description).getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
        }

        /** Topics, transactions and consumer group named after the run, created. */
        KafkaSettings kafka(String prefix) {
            List<String> overrides = new ArrayList<>(
                    List.of("kafka.transactional-id-prefix=" + prefix, "kafka.group-id=" + prefix));
            for (KafkaTopic t : KafkaTopic.values()) {
                overrides.add("kafka.topics." + t.key() + ".name=" + prefix + "." + t.key());
            }
            KafkaSettings s = CvdConfigLoader.fromYaml("{}", "benchmark", overrides).kafka()
                    .withBootstrapServers(bootstrapServers);
            KafkaTopics.ensure(s, KafkaTopic.JOB_TOPICS);
            return s;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The process's peak resident set size in kB, from {@code /proc/self/status}. */
    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM in /proc/self/status");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Discards every record; counts the checkpoints its writers take part in (a flush before each snapshot). */
    private static final class CountingDiscardingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {}

                @Override
                public void flush(boolean endOfInput) {
                    if (!endOfInput) {
                        BARRIERS.incrementAndGet();
                    }
                }

                @Override
                public void close() {}
            };
        }
    }

    static class Discarding implements CvdOutputs {
        @Override
        public void zRecords(DataStream<ZRecord> records) {
            records.sinkTo(new CountingDiscardingSink<>());
        }

        @Override
        public void qualityReports(DataStream<QualityReport> reports) {
            reports.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void signals(DataStream<Signal> signals) {
            signals.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void controlCommands(DataStream<ControlCommand> commands) {
            commands.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(new DiscardingSink<>());
        }
    }
}
