package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.validation.SuccessCriteria.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One profile's table and summary over real series, thin ones included. */
class ProfileValidationTest {
    static ProfileValidation validation(String profile) {
        List<SeriesStatistics> series = List.of(
                SuccessCriteriaTest.series(SharedData.SPOT_ETH_08, "ETHUSDT", profile),
                SuccessCriteriaTest.series(SharedData.SPOT_CSV, "BTCUSDT", profile),
                SuccessCriteriaTest.series(SharedData.SPOT_BTC_08, "BTCUSDT", profile),
                SuccessCriteriaTest.series(SharedData.CRYPTOFEED, "NEOUSDT", profile),
                SuccessCriteriaTest.series(SharedData.CRYPTOFEED, "SANDUSDT", profile));
        return new ProfileValidation(profile, EstimatorProfiles.builtIns().get(profile),
                SuccessCriteria.forParameters(EstimatorProfiles.builtIns().get(profile), false, 1000), series);
    }

    @Test
    void seriesAreOrderedAndThinOnesPooled() {
        ProfileValidation v = validation("a1");
        assertThat(v.series()).extracting(s -> s.id().recording()).isSorted();
        assertThat(v.judged()).hasSize(3);
        assertThat(v.pooledThin()).isNotNull();
        assertThat(v.pooledThin().id().symbol()).isEqualTo("2 series");
        assertThat(v.pooledThin().samples()).isEqualTo(v.series().stream()
                .filter(s -> v.verdict(s.id()).status() == Status.THIN).mapToLong(SeriesStatistics::samples).sum());
        assertThat(v.pooledThinVerdict().status()).isEqualTo(Status.FAIL);
    }

    @Test
    void theSummaryIsTheMeanAndRangeOverTheJudgedSeries() {
        ProfileValidation v = validation("a1");
        double[] p2 = v.p2Summary();
        List<Double> judged = v.judged().stream().map(SeriesStatistics::tailP2).toList();
        assertThat(p2[0]).isCloseTo(judged.stream().mapToDouble(d -> d).average().orElseThrow(), org.assertj.core.api.Assertions.within(1e-15));
        assertThat(p2[1]).isEqualTo(judged.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat(p2[2]).isEqualTo(judged.stream().mapToDouble(d -> d).max().orElseThrow());
        assertThat(v.p3Summary()[2]).isEqualTo(v.judged().stream().mapToDouble(SeriesStatistics::tailP3).max().orElseThrow());
        // A1 passes the seed's limits only on the 2026 spot dump
        assertThat(v.passed()).isEqualTo(1);
        assertThat(v.allPass()).isFalse();
    }

    @Test
    void theCalibratedProfilePassesEverySeriesAndThePooledThinOnes() {
        ProfileValidation v = validation("calibrated");
        assertThat(v.passed()).isEqualTo(3);
        assertThat(v.pooledThinVerdict().status()).isEqualTo(Status.PASS);
        assertThat(v.allPass()).isTrue();
        assertThat(v.p2Summary()[1]).isGreaterThanOrEqualTo(0.035);
        assertThat(v.p2Summary()[2]).isLessThanOrEqualTo(0.065);
    }
}
