package io.cvdflow.job.estimator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Short trade sequences worked by hand from the formulas of {@code a1-delta-z.md}. Each expected value is written
 * out as the spec's arithmetic, and where it helps also as a number.
 */
class ZEstimatorGoldenTest {
    private static final boolean BUY = false;
    private static final boolean SELL = true;

    private final ZResult out = new ZResult();
    private long tradeId;

    private static ZEstimator estimator(String... keyValues) {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        return ZEstimator.create(EstimatorParameters.fromMap(raw, "test"));
    }

    @Test
    void warmUpThenSlowEwmaScaleOnTheTradeClockAndTheWinsorClamp() {
        // HL = 1 trade: alpha = 1 - exp(ln 0.5 / 1) = 0.5
        ZEstimator z = estimator("CLOCK", "trades", "SCALE_MODE", "ewma", "FREEZE_MIN", "3",
                "HALF_LIFE_TRADES", "1", "EWMA_FAST_HL", "1", "WINSOR_LIMIT", "1.5");
        EstimatorState s = z.newState();

        z.update(s, ++tradeId, 2, BUY, 0, out);          // n=1 < 3: warm-up; both EWMAs = |delta| = 2
        assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);
        assertThat(out.z).isNaN();
        assertThat(out.cvd).isEqualTo(2);
        assertThat(out.ewmaSlow).isEqualTo(2);

        z.update(s, ++tradeId, 4, SELL, 1000, out);      // n=2 < 3; slow = 0.5*2 + 0.5*4 = 3
        assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);
        assertThat(out.delta).isEqualTo(-4);
        assertThat(out.cvd).isEqualTo(-2);
        assertThat(out.ewmaSlow).isEqualTo(3);

        z.update(s, ++tradeId, 1, BUY, 2000, out);       // slow = 0.5*3 + 0.5*1 = 2; z = 1 / 2
        assertThat(out.reason).isEqualTo(WithheldReason.NONE);
        assertThat(out.ewmaSlow).isEqualTo(2);
        assertThat(out.scale).isEqualTo(2);
        assertThat(out.z).isEqualTo(0.5);
        assertThat(out.floor).isNaN();
        assertThat(out.floorHit).isFalse();

        z.update(s, ++tradeId, 10, BUY, 3000, out);      // slow = 0.5*2 + 0.5*10 = 6; 10/6 = 1.67 clamps to 1.5
        assertThat(out.scale).isEqualTo(6);
        assertThat(out.z).isEqualTo(1.5);
        z.update(s, ++tradeId, 60, SELL, 4000, out);     // slow = 0.5*6 + 0.5*60 = 33; -60/33 clamps to -1.5
        assertThat(out.z).isEqualTo(-1.5);
        assertThat(out.cvd).isEqualTo(-2 + 1 + 10 - 60);
    }

    @Test
    void eventTimeEwmasDecayWithTimeAndFloorDtAtOneMillisecond() {
        ZEstimator z = estimator("SCALE_MODE", "ewma", "FREEZE_MIN", "0", "TAU_FAST_SEC", "30", "TAU_SLOW_SEC", "120",
                "SOFT_FREEZE_MS", "100000", "HARD_FREEZE_MS", "100000");
        EstimatorState s = z.newState();
        z.update(s, ++tradeId, 8, BUY, 1_000_000, out);
        assertThat(out.ewmaFast).isEqualTo(8);

        z.update(s, ++tradeId, 4, BUY, 1_030_000, out);  // dt = 30 s: alpha_fast = 1 - exp(-ln2 * 30 / 30) = 1/2
        double alphaFast = 1 - StrictMath.exp(-StrictMath.log(2) * 30.0 / 30);
        double alphaSlow = 1 - StrictMath.exp(-StrictMath.log(2) * 30.0 / 120);
        assertThat(alphaFast).isCloseTo(0.5, within(1e-15));
        assertThat(alphaSlow).isCloseTo(1 - Math.pow(2, -0.25), within(1e-15));   // 0.1591
        double fast = (1 - alphaFast) * 8 + alphaFast * 4;
        double slow = (1 - alphaSlow) * 8 + alphaSlow * 4;
        assertThat(out.ewmaFast).isEqualTo(fast).isCloseTo(6, within(1e-12));
        assertThat(out.ewmaSlow).isEqualTo(slow).isCloseTo(7.3636, within(1e-4));
        assertThat(out.z).isEqualTo(4 / slow);

        z.update(s, ++tradeId, 100, SELL, 1_030_000, out);   // same millisecond: dt = max(0.001 s, 0) = 0.001 s
        double alphaMin = 1 - StrictMath.exp(-StrictMath.log(2) * 0.001 / 30);
        assertThat(out.ewmaFast).isEqualTo((1 - alphaMin) * fast + alphaMin * 100);
        assertThat(out.ewmaFast - fast).isCloseTo(94 * 0.001 / 30 * Math.log(2), within(1e-5));
    }

    @Test
    void softAndHardFreezesWithholdTheGapTradeAndTheNextOneOrTwo() {
        ZEstimator z = estimator("CLOCK", "trades", "SCALE_MODE", "ewma", "FREEZE_MIN", "1");
        EstimatorState s = z.newState();
        long[] times = {0, 1000, 5000, 9001, 9500, 9600, 14_601, 14_602, 14_603, 14_604, 18_605, 23_606, 23_607};
        WithheldReason[] expected = {
            WithheldReason.NONE,   // first trade: no gap
            WithheldReason.NONE,   // gap 1000
            WithheldReason.NONE,   // gap 4000: not more than SOFT_FREEZE_MS
            WithheldReason.STALE,  // gap 4001 > 4000 (soft): this trade and the next
            WithheldReason.STALE,  //   the next
            WithheldReason.NONE,
            WithheldReason.STALE,  // gap 5001 > 5000 (hard): this trade and the next 2
            WithheldReason.STALE,
            WithheldReason.STALE,
            WithheldReason.NONE,
            WithheldReason.STALE,  // gap 4001: soft
            WithheldReason.STALE,  // gap 5001 while frozen: hard restarts the countdown at 2
            WithheldReason.STALE,
        };
        for (int i = 0; i < times.length; i++) {
            z.update(s, ++tradeId, 1, BUY, times[i], out);
            assertThat(out.reason).as("trade %d at %d ms", i, times[i]).isEqualTo(expected[i]);
            assertThat(out.hasZ()).isEqualTo(expected[i] == WithheldReason.NONE);
            assertThat(out.scale).as("the scale is still computed for a frozen trade").isEqualTo(1);
        }
        z.update(s, ++tradeId, 1, BUY, 23_608, out);
        assertThat(out.reason).isEqualTo(WithheldReason.STALE);
        z.update(s, ++tradeId, 1, BUY, 23_609, out);
        assertThat(out.reason).isEqualTo(WithheldReason.NONE);
    }

    @Test
    void warmUpTradesDoNotStartAFreeze() {
        ZEstimator z = estimator("CLOCK", "trades", "SCALE_MODE", "ewma", "FREEZE_MIN", "3");
        EstimatorState s = z.newState();
        z.update(s, ++tradeId, 1, BUY, 0, out);
        z.update(s, ++tradeId, 1, BUY, 60_000, out);   // a 60 s gap during warm-up: step 5 stops before step 8
        assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);
        z.update(s, ++tradeId, 1, BUY, 61_000, out);
        assertThat(out.reason).isEqualTo(WithheldReason.NONE);
    }

    /**
     * 50 alternating trades of 1, 100 ms apart: deltas +1,-1,... median (-1 + 1) / 2 = 0, every deviation 1, so
     * MAD = 1 and sigma_mad = 1.4826 once the window holds max(50, 300 / 5) = 60... here MAD_WINDOW_TRADES = 50,
     * so max(50, 10) = 50 deltas. Both EWMAs stay 1.
     */
    @Test
    void theMadFloorWithActivityAdaptationDecidesTheScale() {
        ZEstimator adaptive = estimator("MAD_WINDOW_TRADES", "50", "FREEZE_MIN", "50");
        ZEstimator flat = estimator("MAD_WINDOW_TRADES", "50", "FREEZE_MIN", "50", "ADAPTIVE", "false");
        EstimatorState a = adaptive.newState();
        EstimatorState f = flat.newState();
        ZResult outFlat = new ZResult();
        for (int i = 0; i < 50; i++) {
            boolean side = i % 2 == 0 ? BUY : SELL;
            adaptive.update(a, ++tradeId, 1, side, 1_000L + 100L * i, out);
            flat.update(f, ++tradeId, 1, side, 1_000L + 100L * i, outFlat);
        }
        // 50 trades within 4.9 s: tps = 50 / max(60, 4.9) = 0.8333 < R_REF = 1.5
        double tps = 50 / 60.0;
        assertThat(out.tradesPerSecond).isEqualTo(tps);
        double wFastEff = 0.20 * Math.min(1, StrictMath.pow(tps / 1.5, 1.0));         // 0.1111
        double boost = Math.max(1, StrictMath.pow(1.5 / Math.max(tps, 0.2), 0.7));     // 1.8^0.7 = 1.5090
        double mix = wFastEff * 1 + (1 - wFastEff) * 1;
        double floor = 1.4826 * 1 * 1.8 * boost;                                      // 4.0270
        assertThat(boost).isCloseTo(1.5090, within(1e-4));
        assertThat(out.floor).isEqualTo(floor).isCloseTo(4.0270, within(1e-4));
        assertThat(out.floorHit).isTrue();
        assertThat(out.scale).isEqualTo(Math.max(mix, floor));
        assertThat(out.z).isEqualTo(-1 / floor).isCloseTo(-0.2483, within(1e-4));

        // without adaptation: boost = 1, floor = 1.4826 * 1.8 = 2.66868
        assertThat(outFlat.floor).isEqualTo(1.4826 * 1 * 1.8 * 1.0);
        assertThat(outFlat.z).isEqualTo(-1 / (1.4826 * 1.8)).isCloseTo(-0.3747, within(1e-4));
    }

    @Test
    void busyFlowUsesTheEwmaMixUntilTheFloorCatchesUp() {
        // 200 trades in one second: tps = 200/60 = 3.33 >= R_REF, so w_fast_eff = 0.20 and boost = 1.
        ZEstimator z = estimator("MAD_WINDOW_TRADES", "50", "FREEZE_MIN", "1", "CLOCK", "trades",
                "EWMA_FAST_HL", "1", "HALF_LIFE_TRADES", "1");
        EstimatorState s = z.newState();
        for (int i = 0; i < 199; i++) {
            z.update(s, ++tradeId, 2, i % 2 == 0 ? BUY : SELL, 5 * i, out);
        }
        // a window of +-2: MAD = 2, floor = 1.4826 * 2 * 1.8 = 5.337 > mix = 2
        assertThat(out.floor).isEqualTo(1.4826 * 2 * 1.8 * 1.0);
        assertThat(out.floorHit).isTrue();
        z.update(s, ++tradeId, 30, BUY, 995, out);
        // EWMAs with alpha = 1/2: fast = slow = 0.5*2 + 0.5*30 = 16; mix = 0.2*16 + 0.8*16 = 16 > floor
        assertThat(out.tradesPerSecond).isEqualTo(200 / 60.0);
        assertThat(out.ewmaFast).isEqualTo(16);
        assertThat(out.scale).isEqualTo(0.2 * 16 + (1 - 0.2) * 16);
        assertThat(out.floorHit).isFalse();
        assertThat(out.z).isEqualTo(30 / 16.0);
    }

    @Test
    void aScaleAtItsFloorOfOneBillionthIsFlat() {
        ZEstimator z = estimator("SCALE_MODE", "ewma", "FREEZE_MIN", "0");
        EstimatorState s = z.newState();
        z.update(s, ++tradeId, 1e-10, BUY, 0, out);   // slow = 1e-10: scale = max(1e-10, 1e-9) = 1e-9
        assertThat(out.scale).isEqualTo(1e-9);
        assertThat(out.reason).isEqualTo(WithheldReason.FLAT);
        assertThat(out.z).isNaN();
    }

    @Test
    void levelModeAgainstThePreviousCvdValuesAndFlatWindows() {
        // Z_WINDOW = 5: no Z before max(5 / 5, WARMUP_MIN = 3) = 3 previous values
        ZEstimator z = estimator("Z_MODE", "level", "Z_WINDOW", "5");
        EstimatorState s = z.newState();
        z.update(s, ++tradeId, 1, BUY, 0, out);
        assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);
        z.update(s, ++tradeId, 1, BUY, 1, out);
        z.update(s, ++tradeId, 1, BUY, 2, out);
        assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);
        z.update(s, ++tradeId, 1, BUY, 3, out);         // cvd 4 against [1, 2, 3]: mean 2, var 14/3 - 4, std 0.8165
        double std = Math.sqrt((1 + 4 + 9) / 3.0 - 2.0 * 2.0);
        assertThat(out.scale).isEqualTo(std);
        assertThat(out.z).isEqualTo((4 - 2.0) / std).isCloseTo(2.4495, within(1e-4));
        z.update(s, ++tradeId, 10, SELL, 4, out);       // cvd -6 against [1, 2, 3, 4]: mean 2.5, var 30/4 - 6.25
        assertThat(out.z).isEqualTo((-6 - 2.5) / Math.sqrt(30 / 4.0 - 2.5 * 2.5));
        z.update(s, ++tradeId, 1, BUY, 5, out);         // cvd -5 against [1, 2, 3, 4, -6]
        z.update(s, ++tradeId, 1, BUY, 6, out);         // cvd -4 against [2, 3, 4, -6, -5]: the oldest left
        assertThat(out.z).isEqualTo((-4 - (-0.4)) / Math.sqrt((4 + 9 + 16 + 36 + 25) / 5.0 - 0.4 * 0.4));

        // a CVD so large that tiny trades do not move it: the previous values are all equal
        EstimatorState big = z.newState();
        z.update(big, ++tradeId, 1e6, BUY, 0, out);
        for (int i = 0; i < 3; i++) {
            z.update(big, ++tradeId, 1e-12, BUY, i + 1, out);
        }
        assertThat(out.cvd).isEqualTo(1e6);
        assertThat(out.reason).isEqualTo(WithheldReason.FLAT);
        assertThat(out.z).isEqualTo(0.0);
        assertThat(out.hasZ()).isTrue();
    }

    @Test
    void calibratedRanksTheSizeAmongThePreviousOnesWithTheTradesDrawInsideItsTieBand() {
        ZEstimator z = estimator("Z_MODE", "calibrated", "CAL_WINDOW_TRADES", "4", "CAL_MIN_FILL", "3");
        EstimatorState s = z.newState();
        z.update(s, 1, 1, BUY, 0, out);
        z.update(s, 2, 2, SELL, 1, out);
        z.update(s, 3, 3, BUY, 2, out);
        assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);

        double v = CalibratedZEstimator.draw(4, 3);
        z.update(s, 4, 3, BUY, 3, out);      // past {1,2,3}: 0 above, 1 equal: u = (0 + V * 2) / 4
        assertThat(out.z).isEqualTo(-NormalQuantile.of(v * 2 / 4 / 2));
        v = CalibratedZEstimator.draw(5, 4);
        z.update(s, 5, 10, BUY, 4, out);     // past {1,2,3,3}: larger than all: u = V / 5
        assertThat(out.z).isEqualTo(-NormalQuantile.of(v / 5 / 2));
        assertThat(out.scale).isEqualTo(10 / out.z);
        v = CalibratedZEstimator.draw(6, 5);
        z.update(s, 6, 0.5, SELL, 5, out);   // past {2,3,3,10} (1 left): 4 above: u = (4 + V) / 5
        assertThat(out.z).isEqualTo(NormalQuantile.of((4 + v) / 5 / 2));
        assertThat(out.z).isBetween(NormalQuantile.of(0.4), NormalQuantile.of(0.5));
        assertThat(out.cvd).isEqualTo(1 - 2 + 3 + 3 + 10 - 0.5);
    }

    @Test
    void theDrawIsStrictlyInsideTheUnitIntervalAndDependsOnIdAndTime() {
        assertThat(CalibratedZEstimator.draw(0, 0)).isStrictlyBetween(0.0, 1.0);
        assertThat(CalibratedZEstimator.draw(Long.MAX_VALUE, Long.MIN_VALUE)).isStrictlyBetween(0.0, 1.0);
        assertThat(CalibratedZEstimator.draw(7, 1000)).isEqualTo(CalibratedZEstimator.draw(7, 1000))
                .isNotEqualTo(CalibratedZEstimator.draw(8, 1000))
                .isNotEqualTo(CalibratedZEstimator.draw(7, 1001));
    }

    @Test
    void aQuantityThatIsNotAFinitePositiveNumberIsRejectedAndChangesNothing() throws Exception {
        for (ZMode mode : ZMode.values()) {
            ZEstimator z = ZEstimator.create(EstimatorParameters.a1Defaults().with("Z_MODE", mode.configName()));
            EstimatorState s = z.newState();
            for (int i = 0; i < 100; i++) {
                z.update(s, ++tradeId, 0.5 + i % 7, i % 3 == 0, 1_000L * i, out);
            }
            String before = EstimatorStateTest.describe(s);
            for (double bad : new double[] {0.0, -0.0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                z.update(s, ++tradeId, bad, false, 200_000, out);
                assertThat(out.reason).as("%s %s", mode, bad).isEqualTo(WithheldReason.REJECTED);
                assertThat(out.z).isNaN();
                assertThat(out.cvd).isEqualTo(s.cvd);
            }
            assertThat(EstimatorStateTest.describe(s)).isEqualTo(before);
        }
    }
}
