package io.cvdflow.job.validation.sweep;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.validation.SeriesId;
import io.cvdflow.job.validation.sweep.SweepRanking.Ranked;
import io.cvdflow.job.validation.sweep.SweepRanking.SeriesTails;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The distance from the calibration targets and the ranking, on tails of real series. */
class SweepRankingTest {
    private static final SeriesId A = new SeriesId("a", "BTCUSDT");
    private static final SeriesId B = new SeriesId("b", "ETHUSDT");
    private static final SeriesId THIN = new SeriesId("c", "NEOUSDT");

    @Test
    void theDistanceIsThePointsOutsideTheBandPlusTheExcessOfP3() {
        assertThat(SweepRanking.distance(0.0455, 0.0027)).isZero();
        assertThat(SweepRanking.distance(0.035, 0.01)).isZero();
        assertThat(SweepRanking.distance(0.065, 0.0)).isZero();
        assertThat(SweepRanking.distance(0.02, 0.0)).isCloseTo(1.5, within(1e-12));
        assertThat(SweepRanking.distance(0.1434, 0.0981)).isCloseTo(7.84 + 8.81, within(1e-12));
        assertThat(SweepRanking.distance(Double.NaN, 0)).isInfinite();
        assertThat(new SeriesTails(A, 1000, 50, 20).distance()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theWorstSeriesDecidesAndThinSeriesCountPooled() {
        GridPoint p0 = new GridPoint(0, Map.of("K", "0"));
        GridPoint p1 = new GridPoint(1, Map.of("K", "1"));
        GridPoint p2 = new GridPoint(2, Map.of("K", "2"));
        Map<Integer, List<SeriesTails>> tails = new HashMap<>();
        // p0: both series meet the targets, but the thin one (alone 2 of 20 = 10%) pooled adds 2 to 1000+1000+20
        tails.put(0, List.of(new SeriesTails(A, 1000, 45, 3), new SeriesTails(B, 1000, 50, 2), new SeriesTails(THIN, 20, 2, 1)));
        // p1: one series far off
        tails.put(1, List.of(new SeriesTails(A, 1000, 45, 3), new SeriesTails(B, 1000, 150, 50), new SeriesTails(THIN, 20, 1, 0)));
        // p2: all meet, and nearer the normal than p0 on average
        tails.put(2, List.of(new SeriesTails(A, 1000, 46, 3), new SeriesTails(B, 1000, 45, 3), new SeriesTails(THIN, 20, 1, 0)));
        List<Ranked> ranked = SweepRanking.rank(List.of(p0, p1, p2), tails, 1000);
        assertThat(ranked).extracting(r -> r.point().index()).containsExactly(2, 0, 1);
        Ranked worst = ranked.get(2);
        assertThat(worst.worst().id()).isEqualTo(B);
        assertThat(worst.distance()).isCloseTo(8.5 + 4.0, within(1e-12));
        assertThat(worst.meeting()).isEqualTo(1);
        Ranked p0Ranked = ranked.get(1);
        assertThat(p0Ranked.judged()).extracting(SeriesTails::id).containsExactly(A, B);
        assertThat(p0Ranked.pooledThin().samples()).isEqualTo(20);
        // the pooled thin series of p0 has 10% |Z| > 2 and 5% |Z| > 3: it is the worst
        assertThat(p0Ranked.distance()).isCloseTo(3.5 + 4.0, within(1e-12));
        assertThat(ranked.get(0).distance()).isZero();

        Map<String, Ranked> perSymbol = SweepRanking.perSymbolBest(ranked, p0Ranked);
        assertThat(perSymbol).isEmpty();
        Map<String, Ranked> fromWorst = SweepRanking.perSymbolBest(ranked, worst);
        assertThat(fromWorst).containsOnlyKeys("ETHUSDT");
        assertThat(fromWorst.get("ETHUSDT").point().index()).isEqualTo(2);
    }

    @Test
    void onRealTradesA1sPointsRankByTheirWorstRecording() throws Exception {
        List<Path> files = List.of(SharedData.file(SharedData.SPOT_BTC_08), SharedData.file(SharedData.SPOT_CSV));
        List<GridPoint> points = ParameterGrid.parse(List.of("MAD_MULTIPLIER=1.2,2.4", "CLOCK=event-time,trades")).points();
        Map<Integer, List<SeriesTails>> tails = new HashMap<>();
        for (GridPoint p : points) {
            EstimatorParameters parameters = EstimatorProfiles.a1();
            for (Map.Entry<String, String> e : p.values().entrySet()) {
                parameters = parameters.with(e.getKey(), e.getValue());
            }
            List<SeriesTails> list = new ArrayList<>();
            for (Path f : files) {
                list.add(tails(new SeriesId(f.getFileName().toString(), "BTCUSDT"), parameters, RecordedFileReader.readTrades(f)));
            }
            tails.put(p.index(), list);
        }
        List<Ranked> ranked = SweepRanking.rank(points, tails, 1000);
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i).distance()).isGreaterThanOrEqualTo(ranked.get(i - 1).distance());
        }
        for (Ranked r : ranked) {
            double worst = r.judged().stream().mapToDouble(SeriesTails::distance).max().orElseThrow();
            assertThat(r.distance()).isEqualTo(worst);
            assertThat(r.pooledThin()).isNull();
        }
        // no point of this grid brings A1 within the targets on the busy 2024 recording
        assertThat(ranked.get(0).distance()).isPositive();
        String table = RankingTable.render(ranked, List.of("MAD_MULTIPLIER", "CLOCK"), 2);
        assertThat(table.split("\n")).hasSize(4);
        assertThat(table).contains("| 1 | " + ranked.get(0).point().values().get("MAD_MULTIPLIER") + " | "
                + ranked.get(0).point().values().get("CLOCK") + " | " + String.format(java.util.Locale.ROOT, "%.2f", ranked.get(0).distance()));
    }

    static SeriesTails tails(SeriesId id, EstimatorParameters parameters, List<Trade> trades) {
        ZEstimator estimator = ZEstimator.create(parameters);
        EstimatorState state = estimator.newState();
        ZResult out = new ZResult();
        long samples = 0;
        long above2 = 0;
        long above3 = 0;
        for (Trade t : trades) {
            estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
            if (out.reason == WithheldReason.NONE) {
                samples++;
                above2 += Math.abs(out.z) > 2 ? 1 : 0;
                above3 += Math.abs(out.z) > 3 ? 1 : 0;
            }
        }
        return new SeriesTails(id, samples, above2, above3);
    }
}
