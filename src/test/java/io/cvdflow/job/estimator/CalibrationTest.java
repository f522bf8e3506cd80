package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.validation.ExactBinomial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calibrated estimator's goal on every symbol of every real recording, with the built-in profile and no
 * per-symbol parameter: P(|Z| > 2) in [3.5%, 6.5%] (normal: 4.55%) and P(|Z| > 3) <= 1% (normal: 0.27%). Prints
 * the tail ratios of A1 (both clocks) and the calibrated estimator side by side.
 */
class CalibrationTest {
    /** Tail counts of one estimator on one series. */
    record Tails(int samples, int aboveTwo, int aboveThree) {
        double p2() {
            return 100.0 * aboveTwo / samples;
        }

        double p3() {
            return 100.0 * aboveThree / samples;
        }
    }

    private static final Map<String, EstimatorParameters> PROFILES = new LinkedHashMap<>();
    private static final Map<String, List<Tails>> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runEveryProfileOnEveryRecording() {
        PROFILES.put("A1 event-time", EstimatorProfiles.a1());
        PROFILES.put("A1 trades clock", EstimatorProfiles.a1().with("CLOCK", "trades"));
        PROFILES.put("calibrated", EstimatorProfiles.calibrated());
        for (Map.Entry<String, EstimatorParameters> profile : PROFILES.entrySet()) {
            List<Tails> tails = new ArrayList<>();
            for (Recordings.Series series : Recordings.all()) {
                tails.add(tails(profile.getValue(), series.trades()));
            }
            RESULTS.put(profile.getKey(), tails);
        }
        StringBuilder table = new StringBuilder("\nP(|Z|>2) / P(|Z|>3) in %, per symbol and recording (Z count in brackets)\n");
        table.append(String.format("%-56s", "recording, symbol"));
        PROFILES.keySet().forEach(name -> table.append(String.format(" | %-24s", name)));
        table.append('\n');
        List<Recordings.Series> all = Recordings.all();
        for (int i = 0; i < all.size(); i++) {
            table.append(String.format("%-56s", all.get(i).label()));
            for (List<Tails> t : RESULTS.values()) {
                Tails x = t.get(i);
                table.append(String.format(" | %5.2f / %5.2f  [%6d]", x.p2(), x.p3(), x.samples()));
            }
            table.append('\n');
        }
        System.out.println(table);
    }

    static Tails tails(EstimatorParameters p, List<Trade> trades) {
        ZEstimator z = ZEstimator.create(p);
        EstimatorState s = z.newState();
        ZResult out = new ZResult();
        int samples = 0;
        int aboveTwo = 0;
        int aboveThree = 0;
        for (Trade t : trades) {
            z.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
            if (out.reason == WithheldReason.NONE) {
                samples++;
                aboveTwo += Math.abs(out.z) > 2 ? 1 : 0;
                aboveThree += Math.abs(out.z) > 3 ? 1 : 0;
            }
        }
        return new Tails(samples, aboveTwo, aboveThree);
    }

    /**
     * The targets on every series, judged as the validation report judges them: with 1000 Z values or more the
     * tail ratios themselves (at 1000 samples one standard error of P(|Z| > 2) is 0.66 points, so [3.5%, 6.5%] is
     * about +-2.3 standard errors around the normal 4.55%); the thin symbols of the 2-minute cryptofeed recording
     * (18 to 155 Z values) by the exact test of their counts: the exact 99% interval of each rate must reach the
     * goal (overlap [3.5%, 6.5%] for |Z| > 2, reach below 1% for |Z| > 3). The thin series pooled meet the targets as
     * stated.
     */
    @Test
    void calibratedMeetsTheTailTargetsOnEverySymbolOfEveryRecording() {
        List<Tails> calibrated = RESULTS.get("calibrated");
        List<Recordings.Series> all = Recordings.all();
        int thinSamples = 0;
        int thinAboveTwo = 0;
        int thinAboveThree = 0;
        for (int i = 0; i < all.size(); i++) {
            Tails t = calibrated.get(i);
            String label = all.get(i).label();
            assertThat(t.samples()).as(label).isGreaterThan(0);
            if (t.samples() >= 1000) {
                assertThat(t.p2()).as("P(|Z|>2) of %s", label).isBetween(3.5, 6.5);
                assertThat(t.p3()).as("P(|Z|>3) of %s", label).isLessThanOrEqualTo(1.0);
            } else {
                double[] p2 = ExactBinomial.interval(t.aboveTwo(), t.samples(), 0.01);
                double[] p3 = ExactBinomial.interval(t.aboveThree(), t.samples(), 0.01);
                assertThat(p2[1]).as("%d of %d |Z| > 2 on %s", t.aboveTwo(), t.samples(), label).isGreaterThanOrEqualTo(0.035);
                assertThat(p2[0]).as("%d of %d |Z| > 2 on %s", t.aboveTwo(), t.samples(), label).isLessThanOrEqualTo(0.065);
                assertThat(p3[0]).as("%d of %d |Z| > 3 on %s", t.aboveThree(), t.samples(), label).isLessThanOrEqualTo(0.01);
                thinSamples += t.samples();
                thinAboveTwo += t.aboveTwo();
                thinAboveThree += t.aboveThree();
            }
        }
        assertThat(thinSamples).isGreaterThan(300);
        assertThat(100.0 * thinAboveTwo / thinSamples).as("pooled thin series").isBetween(3.5, 6.5);
        assertThat(100.0 * thinAboveThree / thinSamples).as("pooled thin series").isLessThanOrEqualTo(1.0);
    }

    /**
     * The warm-up: the first 200 Z values of every series pooled (2014 values) meet the targets, and |Z| > 3 occurs
     * among them against fewer than 185 past sizes, where mid-ranks capped |z| below 3.
     */
    @Test
    void theFirst200ZValuesOfEverySeriesPooledMeetTheTargets() {
        ZEstimator z = ZEstimator.create(EstimatorProfiles.calibrated());
        int samples = 0;
        int aboveTwo = 0;
        int aboveThree = 0;
        int aboveThreeBelow185 = 0;
        for (Recordings.Series series : Recordings.all()) {
            EstimatorState s = z.newState();
            ZResult out = new ZResult();
            int seen = 0;
            for (Trade t : series.trades()) {
                int past = s.deltas.size();
                z.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
                if (out.reason == WithheldReason.NONE && seen++ < 200) {
                    samples++;
                    aboveTwo += Math.abs(out.z) > 2 ? 1 : 0;
                    aboveThree += Math.abs(out.z) > 3 ? 1 : 0;
                    aboveThreeBelow185 += Math.abs(out.z) > 3 && past < 185 ? 1 : 0;
                }
            }
        }
        assertThat(samples).isGreaterThan(2000);
        assertThat(100.0 * aboveTwo / samples).isBetween(3.5, 6.5);
        assertThat(100.0 * aboveThree / samples).isLessThanOrEqualTo(1.0);
        assertThat(aboveThreeBelow185).isPositive();
    }

    @Test
    void eachCalibratedZUsesOnlyEarlierTrades() {
        Recordings.Series series = Recordings.of("recorded-ws-ethusdt_20240808.gz", "ETHUSDT");
        List<Trade> trades = series.trades();
        List<Trade> alteredFuture = new ArrayList<>(trades.subList(0, 3000));
        for (Trade t : trades.subList(3000, trades.size())) {
            Trade bigger = new Trade(t.symbol, t.tradeId, t.kind, t.price, t.quantity * 100, !t.buyerMaker,
                    t.eventTimeMs, t.exchangeTimeMs, t.receivedAtNanos, t.recordedAtNanos);
            alteredFuture.add(bigger);
        }
        ZEstimator z = ZEstimator.create(EstimatorProfiles.calibrated());
        EstimatorState a = z.newState();
        EstimatorState b = z.newState();
        ZResult x = new ZResult();
        ZResult y = new ZResult();
        for (int i = 0; i < trades.size(); i++) {
            z.update(a, trades.get(i).tradeId, trades.get(i).quantity, trades.get(i).buyerMaker, trades.get(i).eventTimeMs, x);
            z.update(b, alteredFuture.get(i).tradeId, alteredFuture.get(i).quantity, alteredFuture.get(i).buyerMaker, alteredFuture.get(i).eventTimeMs, y);
            if (i < 3000) {
                assertThat(y.toString()).isEqualTo(x.toString());
            } else if (i == 3000) {
                assertThat(y.z).isNotEqualTo(x.z);
            }
        }
    }

    @Test
    void a1MissesTheSeedsOwnTargetsOnTheBusyRecordings() {
        List<Recordings.Series> all = Recordings.all();
        for (String profile : List.of("A1 event-time", "A1 trades clock")) {
            int missed = 0;
            for (int i = 0; i < all.size(); i++) {
                Tails t = RESULTS.get(profile).get(i);
                missed += t.p2() > 8 || t.p3() > 2.5 ? 1 : 0;
            }
            assertThat(missed).as(profile).isGreaterThanOrEqualTo(all.size() / 2);
        }
    }
}
