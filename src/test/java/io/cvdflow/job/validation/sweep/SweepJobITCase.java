package io.cvdflow.job.validation.sweep;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.CvdJob;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.validation.RecordingPlan;
import io.cvdflow.job.validation.SeriesId;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep as one Flink batch job on real recordings, against the estimator run directly on each series with
 * each point's parameters: the batch sort must hand every (point, series) its trades in file order.
 */
class SweepJobITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** BTCUSDT in two files (two job sources), and five thin symbols in one. */
    private static final List<Path> FILES = List.of(SharedData.file(SharedData.SPOT_BTC_08),
            SharedData.file(SharedData.SPOT_CSV), SharedData.file(SharedData.CRYPTOFEED));

    @Test
    void everyPointAndSeriesTallyIsTheEstimatorRunDirectly() throws Exception {
        RecordingPlan plan = RecordingPlan.of(FILES, Set.of(), RecordingPlan.Grouping.PER_FILE);
        assertThat(plan.runs()).hasSize(2);
        List<SeriesId> series = new ArrayList<>(plan.trades().keySet());
        List<GridPoint> points = ParameterGrid.parse(List.of("MAD_MULTIPLIER=1.2,2.4", "Z_MODE=delta,calibrated")).points();
        List<CvdConfig> configs = new ArrayList<>();
        for (GridPoint p : points) {
            configs.add(CvdConfigLoader.fromYaml("{}", "test", p.overrides()));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SweepJob.configuration());
        env.setParallelism(2);
        SweepJob.Started started = SweepJob.start(env, plan, series, Set.of(), "a1", configs);
        Map<String, SweepTally> tallies = new HashMap<>();
        try (CloseableIterator<SweepTally> results = started.tallies()) {
            results.forEachRemaining(t -> assertThat(tallies.put(t.point + "/" + t.series, t)).isNull());
        }
        started.job().getJobExecutionResult().get();
        assertThat(tallies).hasSize(points.size() * series.size());

        Map<SeriesId, List<Trade>> trades = new HashMap<>();
        for (Path f : FILES) {
            for (Trade t : RecordedFileReader.readTrades(f)) {
                trades.computeIfAbsent(new SeriesId(f.getFileName().toString(), t.symbol), k -> new ArrayList<>()).add(t);
            }
        }
        for (GridPoint p : points) {
            for (int s = 0; s < series.size(); s++) {
                SeriesId id = series.get(s);
                ZEstimator estimator = ZEstimator.create(configs.get(p.index()).parameters("a1", id.symbol()));
                assertThat(estimator.parameters().value(io.cvdflow.job.estimator.EstimatorParameter.MAD_MULTIPLIER))
                        .isEqualTo(p.values().get("MAD_MULTIPLIER"));
                EstimatorState state = estimator.newState();
                ZResult out = new ZResult();
                long samples = 0;
                long above2 = 0;
                long above3 = 0;
                for (Trade t : trades.get(id)) {
                    estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
                    if (out.reason == WithheldReason.NONE) {
                        samples++;
                        above2 += Math.abs(out.z) > 2 ? 1 : 0;
                        above3 += Math.abs(out.z) > 3 ? 1 : 0;
                    }
                }
                SweepTally tally = tallies.get(p.index() + "/" + s);
                assertThat(tally.trades).as("%s at %s", id, p.describe()).isEqualTo(trades.get(id).size());
                assertThat(tally.z.count).as("%s at %s", id, p.describe()).isEqualTo(samples);
                assertThat(tally.z.above2).as("%s at %s", id, p.describe()).isEqualTo(above2);
                assertThat(tally.z.above3).as("%s at %s", id, p.describe()).isEqualTo(above3);
            }
        }
    }

    @Test
    void theCommandRanksThePointsAndWritesAProfileThatLoads(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new CvdJob()).execute("sweep", "--input", FILES.get(0) + "," + FILES.get(1),
                "--profile", "a1", "--grid", "Z_MODE=delta,calibrated", "--grid", "CAL_WINDOW_TRADES=500,1000",
                "--output", out.toString(), "--parallelism", "2");
        assertThat(exit).isZero();
        String ranking = Files.readString(out.resolve("sweep.md"));
        assertThat(ranking).contains("| rank | Z_MODE | CAL_WINDOW_TRADES | distance |");
        // both calibrated points meet the targets on both BTCUSDT recordings; A1 does not
        assertThat(ranking).contains("| 1 | calibrated |").contains("| 2 | calibrated |").contains("| 3 | delta |")
                .contains("| 0.00 | ");
        CvdConfig best = CvdConfigLoader.load(out.resolve("sweep-best.yaml"), List.of());
        assertThat(best.activeProfile()).isEqualTo("sweep-best");
        assertThat(best.parameters("sweep-best", null).zMode()).isEqualTo(io.cvdflow.job.estimator.ZMode.CALIBRATED);
        assertThat(best.profileNames()).contains("a1", "baseline", "calibrated");
    }
}
