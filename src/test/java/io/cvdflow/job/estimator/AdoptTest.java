package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Switching parameters under a running state: what is kept, and that nothing warms up again needlessly. */
class AdoptTest {
    private static final Recordings.Series SERIES = Recordings.of("recorded-ws-ethusdt_20240808.gz", "ETHUSDT");

    private static void run(ZEstimator z, EstimatorState s, List<Trade> trades, ZResult out) {
        for (Trade t : trades) {
            z.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
        }
    }

    @Test
    void theSameModeWithOtherWindowsKeepsTheNewestDeltasAndDoesNotWarmUpAgain() {
        List<Trade> trades = SERIES.trades();
        ZEstimator a1 = ZEstimator.create(EstimatorProfiles.a1());
        EstimatorState s = a1.newState();
        ZResult out = new ZResult();
        run(a1, s, trades.subList(0, 1000), out);
        List<Double> newest = new ArrayList<>();
        for (int i = 0; i < s.deltas.size(); i++) {
            newest.add(s.deltas.ring.get(i));
        }
        double cvd = s.cvd;
        double ewmaSlow = s.ewmaSlow;

        ZEstimator smaller = ZEstimator.create(EstimatorProfiles.a1().with("MAD_WINDOW_TRADES", "100"));
        assertThat(smaller.fits(s)).isFalse();
        smaller.adopt(s);
        assertThat(smaller.fits(s)).isTrue();
        assertThat(s.deltas.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(s.deltas.ring.get(i)).isEqualTo(newest.get(200 + i));
        }
        assertThat(s.cvd).isEqualTo(cvd);
        assertThat(s.trades).isEqualTo(1000);
        assertThat(s.ewmaSlow).isEqualTo(ewmaSlow);

        ZEstimator larger = ZEstimator.create(EstimatorProfiles.a1().with("MAD_WINDOW_TRADES", "500"));
        larger.adopt(s);
        assertThat(s.deltas.ring.capacity()).isEqualTo(500);
        assertThat(s.deltas.size()).isEqualTo(100);

        // the same trades from here give the same Z as a state that ran under the larger window from the start,
        // once both windows hold the same deltas (100 + 400 more trades)
        EstimatorState fresh = larger.newState();
        run(larger, fresh, trades.subList(0, 1000), out);
        ZResult a = new ZResult();
        ZResult b = new ZResult();
        for (Trade t : trades.subList(1000, 1600)) {
            larger.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, a);
            larger.update(fresh, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, b);
            assertThat(a.reason).isNotEqualTo(WithheldReason.WARMUP);
        }
        assertThat(a.z).isEqualTo(b.z);
        assertThat(DeltaWindowTest.ringOf(s.deltas)).isEqualTo(DeltaWindowTest.ringOf(fresh.deltas));
        assertThat(s.deltas.sorted).isEqualTo(fresh.deltas.sorted);
    }

    @Test
    void switchingModesCarriesCvdCountEwmasAndWarmStartsFromTheRetainedDeltas() {
        List<Trade> trades = SERIES.trades();
        ZEstimator a1 = ZEstimator.create(EstimatorProfiles.a1());
        ZEstimator calibrated = ZEstimator.create(EstimatorProfiles.calibrated());
        ZEstimator level = ZEstimator.create(EstimatorProfiles.a1().with("Z_MODE", "level"));
        ZEstimator reference = ZEstimator.create(EstimatorProfiles.a1());
        EstimatorState s = a1.newState();
        EstimatorState straight = reference.newState();
        ZResult out = new ZResult();
        ZResult check = new ZResult();

        List<Double> cvdHistory = new ArrayList<>();
        for (int i = 0; i < 2400; i++) {
            Trade t = trades.get(i);
            ZEstimator current = i < 800 ? a1 : i < 1600 ? calibrated : level;
            current.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
            reference.update(straight, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, check);
            cvdHistory.add(check.cvd);
            assertThat(out.cvd).as("trade %d", i).isEqualTo(check.cvd);
            assertThat(out.ewmaFast).isEqualTo(check.ewmaFast);
            assertThat(out.tradesPerSecond).isEqualTo(check.tradesPerSecond);
            if (i == 800 || i == 1600) {
                assertThat(out.reason).as("first trade after the switch at %d", i)
                        .isIn(WithheldReason.NONE, WithheldReason.STALE);
            }
            if (i == 800) {
                // calibrated ranked against the 300 deltas a1 kept
                assertThat(s.deltas.absoluteKeys).isTrue();
                assertThat(s.deltas.size()).isEqualTo(301);
            }
            if (i == 1600) {
                // level rebuilt its previous values from CVD and the retained deltas (the 150 newest)
                assertThat(s.levels.size).isEqualTo(150);
                for (int k = 0; k < 150; k++) {
                    assertThat(s.levels.get(k)).isCloseTo(cvdHistory.get(1451 + k), within(1e-9));
                }
            }
        }
        assertThat(s.trades).isEqualTo(2400);

        // back to a1: the MAD window is the newest 300 deltas, ordered again
        a1.update(s, trades.get(2399).tradeId + 1, 1.0, false, trades.get(2399).eventTimeMs + 1, out);
        assertThat(s.levels.capacity()).isZero();
        assertThat(s.deltas.absoluteKeys).isFalse();
        assertThat(s.deltas.size()).isEqualTo(300);
        assertThat(out.reason).isIn(WithheldReason.NONE, WithheldReason.STALE);
        assertThat(s.trades).isEqualTo(2401);
    }

    @Test
    void aStateFromFlinksNoArgConstructorIsAdoptedOnFirstUse() {
        for (EstimatorParameters p : List.of(EstimatorProfiles.a1(), EstimatorProfiles.calibrated(),
                EstimatorParameters.fromMap(Map.of("Z_MODE", "level"), "x"))) {
            ZEstimator z = ZEstimator.create(p);
            EstimatorState viaConstructor = new EstimatorState();
            EstimatorState viaNewState = z.newState();
            ZResult a = new ZResult();
            ZResult b = new ZResult();
            for (Trade t : SERIES.trades().subList(0, 500)) {
                z.update(viaConstructor, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, a);
                z.update(viaNewState, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, b);
                assertThat(a.toString()).isEqualTo(b.toString());
            }
            assertThat(z.fits(viaConstructor)).isTrue();
        }
    }
}
