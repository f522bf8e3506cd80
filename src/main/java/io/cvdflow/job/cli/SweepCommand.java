package io.cvdflow.job.cli;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.validation.ProgressMeter;
import io.cvdflow.job.validation.RecordingPlan;
import io.cvdflow.job.validation.SeriesId;
import io.cvdflow.job.validation.SuccessCriteria;
import io.cvdflow.job.validation.sweep.GridPoint;
import io.cvdflow.job.validation.sweep.ParameterGrid;
import io.cvdflow.job.validation.sweep.ProfileWriter;
import io.cvdflow.job.validation.sweep.RankingTable;
import io.cvdflow.job.validation.sweep.SweepJob;
import io.cvdflow.job.validation.sweep.SweepRanking;
import io.cvdflow.job.validation.sweep.SweepRanking.Ranked;
import io.cvdflow.job.validation.sweep.SweepRanking.SeriesTails;
import io.cvdflow.job.validation.sweep.SweepTally;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a grid of estimator parameters over recorded trades as one Flink batch job, rank the "
                + "points by their distance from the calibration targets (P(|Z|>2) in [3.5%, 6.5%], P(|Z|>3) <= 1% "
                + "on every series), and write the best point as a configuration file for --config.")
public class SweepCommand implements Callable<Integer> {
    static final String RANKING = "sweep.md";

    @Mixin
    ConfigArguments configArguments;

    @Option(names = "--input", required = true, split = ",", paramLabel = "PATH", description = "files or directories")
    List<Path> inputs;

    @Option(names = "--grid", required = true, paramLabel = "KEY=v1,v2,...",
            description = "a parameter and its values; repeat for more parameters (the grid is their product)")
    List<String> grid;

    @Option(names = "--symbols", split = ",", paramLabel = "SYM", description = "sweep only these symbols")
    Set<String> symbols = new LinkedHashSet<>();

    @Option(names = "--recordings", paramLabel = "per-file|joined", defaultValue = "per-file",
            converter = ValidateCommand.GroupingConverter.class,
            description = "per-file: each file is a recording of its own; joined: a symbol's files continue one "
                    + "another (default: ${DEFAULT-VALUE})")
    RecordingPlan.Grouping grouping;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "" + SuccessCriteria.DEFAULT_MIN_SAMPLES,
            description = "Z values a series needs to count alone; thinner series count pooled (default: ${DEFAULT-VALUE})")
    int minSamples;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "points to print (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--profile-name", paramLabel = "NAME", defaultValue = "sweep-best",
            description = "name of the written profile (default: ${DEFAULT-VALUE})")
    String profileName;

    @Option(names = "--per-symbol", description = "also write per-symbol overrides where another point does better on a symbol")
    boolean perSymbol;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "cvd-out/sweep",
            description = "where the profile (<profile-name>.yaml) and the full ranking (" + RANKING + ") go "
                    + "(default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "0",
            description = "port of the embedded Flink Web UI (default: any free port)")
    int restPort;

    @Override
    public Integer call() throws Exception {
        CvdConfig base = configArguments.resolve();
        String profile = base.activeProfile();
        ParameterGrid parameterGrid = ParameterGrid.parse(grid);
        List<GridPoint> points = parameterGrid.points();
        List<CvdConfig> pointConfigs = new ArrayList<>();
        for (GridPoint p : points) {
            pointConfigs.add(configArguments.resolve(p.overrides()));
        }
        System.err.println("cvd sweep: reading " + inputs + " ...");
        RecordingPlan plan = RecordingPlan.of(inputs, symbols, grouping);
        List<SeriesId> series = new ArrayList<>(plan.trades().keySet());
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no trades found in " + inputs);
        }
        long evaluations = plan.totalTrades() * points.size();
        System.err.printf(Locale.ROOT, "cvd sweep: %d grid points over profile %s x %d series (%,d trades): %,d "
                + "estimator updates%n", points.size(), profile, series.size(), plan.totalTrades(), evaluations);

        Configuration conf = SweepJob.configuration();
        base.job().flink().forEach(conf::setString);
        conf.set(RestOptions.PORT, restPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(configArguments.parallelism != null ? configArguments.parallelism
                : Runtime.getRuntime().availableProcessors());
        long started = System.nanoTime();
        List<SweepTally> tallies = run(env, plan, series, profile, pointConfigs, evaluations);
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<Integer, List<SeriesTails>> tails = new HashMap<>();
        for (SweepTally t : tallies) {
            tails.computeIfAbsent(t.point, k -> new ArrayList<>())
                    .add(new SeriesTails(series.get(t.series), t.z.count, t.z.above2, t.z.above3));
        }
        List<Ranked> ranked = SweepRanking.rank(points, tails, minSamples);
        Ranked best = ranked.get(0);
        List<String> keys = new ArrayList<>(parameterGrid.axes().keySet());

        Files.createDirectories(output);
        String heading = String.format(Locale.ROOT, "Sweep of profile %s over %s, %s: %d points x %d series, %,d "
                        + "estimator updates in %.1f s (%,.0f per second, parallelism %d). Distance: the worst series' "
                        + "percentage points outside P(|Z|>2) in [3.5%%, 6.5%%] plus above P(|Z|>3) = 1%%; series with "
                        + "fewer than %d Z values count pooled.",
                profile, inputs, Instant.now(), points.size(), series.size(), evaluations, seconds, evaluations / seconds,
                env.getParallelism(), minSamples);
        Files.writeString(output.resolve(RANKING), "# Parameter sweep\n\n" + heading + "\n\n"
                + RankingTable.render(ranked, keys, ranked.size()) + "\n## Best point per series\n\n"
                + seriesTable(best));
        System.out.println(heading);
        System.out.println();
        System.out.println(RankingTable.render(ranked, keys, top));
        System.out.println("Best point (" + best.point().describe() + ") per series:");
        System.out.println(seriesTable(best));

        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        if (perSymbol) {
            SweepRanking.perSymbolBest(ranked, best).forEach((symbol, r) -> {
                Map<String, String> differing = new LinkedHashMap<>();
                r.point().values().forEach((k, v) -> {
                    if (!v.equals(best.point().values().get(k))) {
                        differing.put(k, v);
                    }
                });
                overrides.put(symbol, differing);
            });
        }
        Path file = output.resolve(profileName + ".yaml");
        Path baseFile = configArguments.file();
        String header = "Written by ./cvd sweep: the best of " + points.size() + " grid points over profile " + profile
                + " (" + best.point().describe() + "),\n" + String.format(Locale.ROOT, "distance %.2f from the "
                + "calibration targets; %d of %d series meet them.", best.distance(), best.meeting(), best.judged().size())
                + (overrides.isEmpty() ? "" : "\nPer-symbol overrides apply to every profile the symbol runs.")
                + "\nRun it with: ./cvd replay --config " + file + " --input ...";
        String yaml = ProfileWriter.write(baseFile == null ? null : Files.readString(baseFile), profileName,
                pointConfigs.get(best.point().index()).parameters(profile, null), overrides, header);
        CvdConfigLoader.fromYaml(yaml, file.toString(), List.of());
        Files.writeString(file, yaml);
        System.out.println("Profile written to " + file.toAbsolutePath() + (overrides.isEmpty() ? ""
                : " with overrides for " + overrides.keySet()) + "; full ranking in " + output.resolve(RANKING).toAbsolutePath());
        return 0;
    }

    /**
     * Runs the job, showing progress: trades read and fanned out to every point, then estimator updates (batch
     * execution reads everything before it scores).
     */
    private List<SweepTally> run(StreamExecutionEnvironment env, RecordingPlan plan, List<SeriesId> series,
            String profile, List<CvdConfig> pointConfigs, long evaluations) throws Exception {
        SweepJob.Started started = SweepJob.start(env, plan, series, symbols, profile, pointConfigs);
        List<SweepTally> tallies = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread drain = new Thread(() -> {
            try (CloseableIterator<SweepTally> results = started.tallies()) {
                results.forEachRemaining(tallies::add);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "sweep results");
        drain.start();
        ProgressMeter progress = ProgressMeter.onStandardError("steps (reading and fanning out, then estimator updates)",
                2 * evaluations);
        int points = pointConfigs.size();
        while (drain.isAlive()) {
            try {
                Map<String, Object> accumulators = started.job().getAccumulators().get(5, TimeUnit.SECONDS);
                progress.update(SweepJob.tradesRead(accumulators) * points + SweepJob.updatesDone(accumulators));
            } catch (Exception e) {
                // the job has just finished, or its report is late: the next poll or the end tells
            }
            drain.join(500);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the sweep job failed", failure.get());
        }
        started.job().getJobExecutionResult().get();
        progress.finish(2 * evaluations);
        return tallies;
    }

    private static String seriesTable(Ranked best) {
        StringBuilder t = new StringBuilder("| recording | symbol | samples | P(\\|Z\\|>2) | P(\\|Z\\|>3) | distance |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        List<SeriesTails> rows = new ArrayList<>(best.judged());
        if (best.pooledThin() != null) {
            rows.add(best.pooledThin());
        }
        for (SeriesTails s : rows) {
            t.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %.2f |%n", s.id().recording(), s.id().symbol(),
                    s.samples(), SuccessCriteria.percent(s.p2()), SuccessCriteria.percent(s.p3()), s.distance()));
        }
        return t.toString();
    }
}
