package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.pipeline.CvdPipeline;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.IOMetrics;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Many symbols at once through the whole job (source, routing, {@code keyBy}, Z, quality windows, rollback flow,
 * outputs discarded) on an embedded cluster with checkpoints every 2 s, once per Z mode. DERIVED DATA: the spot
 * BTCUSDT and ETHUSDT recordings of 2024-08-08/09 (one time span, so the watermark holds no symbol back) re-keyed
 * under {@code symbols / 2} names each ({@code BTCUSDT}, {@code BTCUSDT_C1}, ...: the replay source's symbol
 * copies), all read concurrently. Prints trades/s and the state per symbol, measured on the largest completed
 * checkpoint of the run (see {@link CheckpointSizes}): per operator and in total, on average and for the single
 * symbols alone in their key group. Target: under 64 KB per symbol for every estimator.
 *
 * <p>{@code ./cvd bench scale [symbols, default 500] [parallelism, default 1] [Z modes, default delta,level,calibrated]}
 */
public final class ScaleBenchmark {
    static final long TARGET_BYTES_PER_SYMBOL = 64 * 1024;
    private static final String[] FILES = {
        SharedData.SPOT_BTC_08, SharedData.SPOT_BTC_09, SharedData.SPOT_ETH_08, SharedData.SPOT_ETH_09};
    private static final List<String> BASE_SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    /** Enough key groups that most symbols have one to themselves, so their bytes can be read off one by one. */
    private static final int MAX_PARALLELISM = 4096;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<String> modes = List.of((args.length > 2 ? args[2] : "delta,level,calibrated").split(","));
        if (symbols < BASE_SYMBOLS.size() || symbols % BASE_SYMBOLS.size() != 0) {
            throw new IllegalArgumentException("symbols must be a positive multiple of " + BASE_SYMBOLS.size());
        }
        int copies = symbols / BASE_SYMBOLS.size();
        Path[] files = Stream.of(FILES).map(SharedData::file).toArray(Path[]::new);
        long baseTrades = 0;
        for (Path file : files) {
            baseTrades += RecordedFileReader.readTrades(file).size();
        }
        List<String> names = new ArrayList<>();
        for (String base : BASE_SYMBOLS) {
            for (int copy = 0; copy < copies; copy++) {
                names.add(copy == 0 ? base : base + "_C" + copy);
            }
        }
        System.out.printf(Locale.ROOT, "%d symbols, DERIVED DATA: the real spot BTCUSDT and ETHUSDT recordings "
                        + "(%,d trades, 2024-08-08/09) re-keyed under %d names each; %,d trades per run, "
                        + "parallelism %d, checkpoints every %d s, max parallelism %d%n",
                symbols, baseTrades, copies, baseTrades * copies, parallelism, CHECKPOINT_INTERVAL.toSeconds(),
                MAX_PARALLELISM);
        System.out.println("machine: " + BenchmarkCluster.load());

        List<String> summary = new ArrayList<>();
        Path checkpoints = Files.createTempDirectory("cvd-scale-checkpoints");
        try (BenchmarkCluster cluster = new BenchmarkCluster(new Configuration(), parallelism + 1)) {
            run(cluster, "delta", files, Math.max(1, copies / 10), parallelism, checkpoints, List.of()); // warm-up
            for (String mode : modes) {
                Run r = run(cluster, mode, files, copies, parallelism, checkpoints, names);
                r.print(mode, names);
                summary.add(r.summaryRow(mode, names.size()));
            }
        } finally {
            deleteRecursively(checkpoints);
        }
        System.out.println();
        System.out.printf("%d symbols, parallelism %d, %s%n", symbols, parallelism, BenchmarkCluster.load());
        System.out.println("| Z_MODE | trades/s | state per symbol (checkpoint / symbols) | largest single symbol "
                + "| target < 64 KB |");
        System.out.println("|---|---:|---:|---:|---|");
        summary.forEach(System.out::println);
    }

    private static Run run(BenchmarkCluster cluster, String mode, Path[] files, int copies, int parallelism,
            Path checkpoints, List<String> names) throws Exception {
        CvdConfig config = CvdConfigLoader.fromYaml(
                "job: {checkpoint-interval: " + CHECKPOINT_INTERVAL.toSeconds() + "s}\n"
                        + "estimator: {active-profile: bench, profiles: {bench: {Z_MODE: " + mode + "}}}",
                "scale benchmark", List.of());
        Configuration conf = CvdPipeline.flinkConfiguration(config);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        RecordedTradeSource source = RecordedTradeSource.builder().paths(files).symbolCopies(copies).build();
        CvdPipeline.build(env, config, source, "recorded trades", null, new ReplayThroughputBenchmark.Discarding());

        JobID job = cluster.submit(env, "scale " + mode);
        long started = System.nanoTime();
        Run run = new Run();
        Set<Long> seen = new HashSet<>();
        while (true) {
            AccessExecutionGraph graph = cluster.graph(job);
            if (graph.getState().isTerminalState()) {
                break;
            }
            CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
            for (AbstractCheckpointStats c : stats == null ? List.<AbstractCheckpointStats>of()
                    : stats.getHistory().getCheckpoints()) {
                if (c instanceof CompletedCheckpointStats && seen.add(c.getCheckpointId()) && !names.isEmpty()) {
                    run.offer((CompletedCheckpointStats) c, (System.nanoTime() - started) / 1e9, names,
                            MAX_PARALLELISM);
                }
            }
            Thread.sleep(200);
        }
        run.seconds = cluster.await(job).getNetRuntime() / 1000.0;
        run.zInput = zOperatorInput(cluster.graph(job));
        return run;
    }

    /** Records into the vertex that holds the Z operator, from Flink's I/O metrics. */
    private static long zOperatorInput(AccessExecutionGraph graph) {
        long records = 0;
        for (AccessExecutionJobVertex vertex : graph.getVerticesTopologically()) {
            if (vertex.getName().contains("delta Z per symbol")) {
                for (AccessExecutionVertex subtask : vertex.getTaskVertices()) {
                    IOMetrics io = subtask.getCurrentExecutionAttempt().getIOMetrics();
                    records += io == null ? 0 : io.getNumRecordsIn();
                }
            }
        }
        return records;
    }

    /** One mode's run: its duration and the largest checkpoint seen. */
    private static final class Run {
        double seconds;
        long zInput;
        int completed;
        int missed;
        CheckpointSizes largest;
        CompletedCheckpointStats largestStats;
        double largestAt;
        double lastAt;

        void offer(CompletedCheckpointStats stats, double at, List<String> names, int maxParallelism) {
            completed++;
            lastAt = at;
            CheckpointSizes sizes;
            try {
                sizes = CheckpointSizes.load(stats.getExternalPath(), names, maxParallelism);
            } catch (IOException e) {
                missed++; // already subsumed and deleted: the poll came too late
                return;
            }
            if (largest == null || sizes.total() > largest.total()) {
                largest = sizes;
                largestStats = stats;
                largestAt = at;
            }
        }

        void print(String mode, List<String> names) {
            System.out.println();
            System.out.printf(Locale.ROOT, "Z_MODE %s: %,d trades into the Z operator in %.1f s: %,.0f trades/s; "
                            + "%d checkpoints completed%s%n", mode, zInput, seconds, zInput / seconds, completed,
                    missed > 0 ? " (" + missed + " subsumed before they could be read)" : "");
            if (largest == null) {
                System.out.println("  no checkpoint completed: run more symbols");
                return;
            }
            System.out.printf(Locale.ROOT, "  largest checkpoint: #%d, %.0f s into the run (last at %.0f s), "
                            + "state %s (Flink's figure: %s)%n", largest.checkpointId, largestAt, lastAt,
                    bytes(largest.total()), bytes(largestStats.getStateSize()));
            largest.print(names.size());
            Map<String, List<Long>> byBase = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : largest.aloneBytes().entrySet()) {
                byBase.computeIfAbsent(baseOf(e.getKey()), b -> new ArrayList<>()).add(e.getValue());
            }
            for (Map.Entry<String, List<Long>> e : byBase.entrySet()) {
                List<Long> v = e.getValue();
                v.sort(Comparator.naturalOrder());
                System.out.printf(Locale.ROOT, "  %s and its copies: median %s, max %s per symbol (%d symbols alone "
                        + "in their key group)%n", e.getKey(), bytes(v.get(v.size() / 2)), bytes(v.get(v.size() - 1)),
                        v.size());
            }
        }

        String summaryRow(String mode, int symbols) {
            if (largest == null) {
                return String.format(Locale.ROOT, "| %s | %,.0f | no checkpoint | | |", mode, zInput / seconds);
            }
            Map.Entry<String, Long> max = largest.aloneBytes().entrySet().stream()
                    .max(Map.Entry.comparingByValue()).orElseThrow();
            double perSymbol = largest.total() / (double) symbols;
            boolean met = perSymbol < TARGET_BYTES_PER_SYMBOL && max.getValue() < TARGET_BYTES_PER_SYMBOL;
            return String.format(Locale.ROOT, "| %s | %,.0f | %s | %s (%s) | %s |", mode, zInput / seconds,
                    bytes(perSymbol), bytes(max.getValue()), max.getKey(), met ? "met" : "MISSED");
        }

        private static String baseOf(String name) {
            int copy = name.indexOf("_C");
            return copy < 0 ? name : name.substring(0, copy);
        }
    }

    static String bytes(double b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.2f MB", b / (1 << 20))
                : b >= 1024 ? String.format(Locale.ROOT, "%.1f KB", b / 1024) : String.format(Locale.ROOT, "%.0f B", b);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
