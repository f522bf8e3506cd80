package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.validation.SuccessCriteria.Basis;
import io.cvdflow.job.validation.SuccessCriteria.Status;
import io.cvdflow.job.validation.SuccessCriteria.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The seed's success criteria and the calibration goal, judged on real series. */
class SuccessCriteriaTest {
    private static final SeriesStatistics BTC_A1 = series(SharedData.SPOT_BTC_08, "BTCUSDT", "a1");
    private static final SeriesStatistics BTC_CALIBRATED = series(SharedData.SPOT_BTC_08, "BTCUSDT", "calibrated");
    private static final SeriesStatistics CSV_A1 = series(SharedData.SPOT_CSV, "BTCUSDT", "a1");

    static SeriesStatistics series(String file, String symbol, String profile) {
        return RealSeries.statistics(new SeriesId(java.nio.file.Path.of(file).getFileName().toString(), symbol),
                RealSeries.zRecords(file, symbol, profile, EstimatorProfiles.builtIns().get(profile)));
    }

    @Test
    void a1FailsTheSeedsTailCriteriaOnBusySpotBtcAndSaysByHowMuch() {
        SuccessCriteria seed = SuccessCriteria.forParameters(EstimatorProfiles.a1(), false, 1000);
        assertThat(seed.describe()).doesNotContain("calibration goal");
        Verdict v = seed.judge(BTC_A1);
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.misses()).containsExactly(
                "P(|Z|>2) " + SuccessCriteria.percent(BTC_A1.tailP2()) + " > 8.00%",
                "P(|Z|>3) " + SuccessCriteria.percent(BTC_A1.tailP3()) + " > 2.50%");
    }

    @Test
    void theCalibrationGoalAppliesToCalibratedProfilesOnly() {
        // A1 on the 2026 spot dump: 3.07% / 2.21% meets the seed's limits, not the calibration goal's P3 <= 1%
        assertThat(CSV_A1.tailP3()).isBetween(0.01, 0.025);
        assertThat(SuccessCriteria.forParameters(EstimatorProfiles.a1(), false, 1000).judge(CSV_A1).status())
                .isEqualTo(Status.PASS);
        Verdict asIfCalibrated = new SuccessCriteria(true, false, 1000).judge(CSV_A1);
        assertThat(asIfCalibrated.status()).isEqualTo(Status.FAIL);
        assertThat(asIfCalibrated.describe()).contains("P(|Z|>3) " + SuccessCriteria.percent(CSV_A1.tailP3()) + " > 1.00%");

        SuccessCriteria goal = SuccessCriteria.forParameters(EstimatorProfiles.calibrated(), false, 1000);
        assertThat(goal.judge(BTC_CALIBRATED)).isEqualTo(new Verdict(Status.PASS, Basis.RATIOS, List.of()));
        assertThat(goal.describe()).contains("[3.50%, 6.50%]").contains("<= 1.00%");
    }

    @Test
    void latencyIsJudgedOnlyAtALiveLikePace() {
        // the stand-in latencies are the gaps between trades: seconds at the tail
        assertThat(BTC_CALIBRATED.latencyMs(0.99)).isGreaterThan(100);
        Verdict live = SuccessCriteria.forParameters(EstimatorProfiles.calibrated(), true, 1000).judge(BTC_CALIBRATED);
        assertThat(live.status()).isEqualTo(Status.FAIL);
        assertThat(live.misses()).singleElement().asString().startsWith("latency P99 ").endsWith(" > 100 ms");
        assertThat(SuccessCriteria.forParameters(EstimatorProfiles.calibrated(), false, 1000).describe())
                .contains("not judged");
    }

    @Test
    void aThinSeriesIsJudgedByTheExactTestOfItsCounts() {
        SuccessCriteria seed = SuccessCriteria.forParameters(EstimatorProfiles.a1(), false, 1000);
        // A1 on BATUSDT: 17 of 51 above 2; even the lower end of the 99% interval is above 8%
        SeriesStatistics bat = series(SharedData.CRYPTOFEED, "BATUSDT", "a1");
        assertThat(bat.samples()).isLessThan(1000);
        Verdict v = seed.judge(bat);
        assertThat(v.basis()).isEqualTo(Basis.EXACT_TEST);
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.misses().get(0)).isEqualTo("P(|Z|>2) " + SuccessCriteria.interval(SuccessCriteria.intervalP2(bat))
                + " > 8.00%");
        // the same counts judged as ratios, when the bar is lowered to 10 samples
        assertThat(new SuccessCriteria(false, false, 10).judge(bat).basis()).isEqualTo(Basis.RATIOS);

        // calibrated on CTKUSDT: 0 of 62 above 2; a rate of 3.5% gives that with probability 0.965^62 = 11%
        SeriesStatistics ctk = series(SharedData.CRYPTOFEED, "CTKUSDT", "calibrated");
        assertThat(ctk.aboveTwo()).isZero();
        Verdict goal = SuccessCriteria.forParameters(EstimatorProfiles.calibrated(), false, 1000).judge(ctk);
        assertThat(goal).isEqualTo(new Verdict(Status.PASS, Basis.EXACT_TEST, List.of()));
        // as ratios the same series would miss the band
        assertThat(new SuccessCriteria(true, false, 10).judge(ctk).describe()).contains("0.00% outside [3.50%, 6.50%]");
    }

    @Test
    void theExactIntervalIsClopperPearsons() {
        // k = 0: the upper end solves (1 - p)^n = alpha / 2
        double[] zero = ExactBinomial.interval(0, 62, 0.01);
        assertThat(zero[0]).isZero();
        assertThat(zero[1]).isCloseTo(1 - Math.pow(0.005, 1.0 / 62), within(1e-12));
        // k = n: the lower end solves p^n = alpha / 2
        assertThat(ExactBinomial.interval(18, 18, 0.01)[0]).isCloseTo(Math.pow(0.005, 1.0 / 18), within(1e-12));
        // in general each end leaves alpha / 2 in its tail, also for a long series
        for (long[] kn : new long[][] {{3, 50}, {251, 4980}, {2142, 39714}}) {
            double[] ci = ExactBinomial.interval(kn[0], kn[1], 0.01);
            assertThat(ExactBinomial.atMost(kn[0], kn[1], ci[1])).isCloseTo(0.005, within(1e-9));
            assertThat(1 - ExactBinomial.atMost(kn[0] - 1, kn[1], ci[0])).isCloseTo(0.005, within(1e-9));
            assertThat(ci[0]).isLessThan((double) kn[0] / kn[1]);
            assertThat(ci[1]).isGreaterThan((double) kn[0] / kn[1]);
        }
    }

    @Test
    void aSeriesWithoutZValuesFails() {
        SeriesStatistics empty = new SeriesStatistics(new SeriesId("none", "NONE"));
        assertThat(new SuccessCriteria(true, false, 1000).judge(empty).describe()).isEqualTo("FAIL: no Z values");
    }
}
