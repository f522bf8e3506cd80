package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every parameter, changed on its own, moves the output on real trades the way its definition says. The quiet
 * ETH futures recording (about 1.5 trades/s, gaps of several seconds) exercises adaptation and freezes; the busy
 * spot recording exercises the windows.
 */
class ParameterEffectTest {
    private static final Recordings.Series QUIET =
            Recordings.of("ethusdt-aggtrade-2025-10-17_19-reconstructed.jsonl.gz", "ETHUSDT");
    private static final Recordings.Series BUSY = Recordings.of("recorded-ws-btcusdt_20240808.gz", "BTCUSDT");

    /** Every output of every trade of one run. */
    private static final class Run {
        final double[] z;
        final WithheldReason[] reason;
        final double[] scale;
        final double[] floor;
        final boolean[] floorHit;
        final double[] fast;
        final double[] slow;

        Run(EstimatorParameters p, List<Trade> trades, long timeStretch) {
            int n = trades.size();
            z = new double[n];
            reason = new WithheldReason[n];
            scale = new double[n];
            floor = new double[n];
            floorHit = new boolean[n];
            fast = new double[n];
            slow = new double[n];
            ZEstimator estimator = ZEstimator.create(p);
            EstimatorState s = estimator.newState();
            ZResult out = new ZResult();
            long first = trades.get(0).eventTimeMs;
            for (int i = 0; i < n; i++) {
                Trade t = trades.get(i);
                estimator.update(s, t.tradeId, t.quantity, t.buyerMaker, first + (t.eventTimeMs - first) * timeStretch, out);
                z[i] = out.z;
                reason[i] = out.reason;
                scale[i] = out.scale;
                floor[i] = out.floor;
                floorHit[i] = out.floorHit;
                fast[i] = out.ewmaFast;
                slow[i] = out.ewmaSlow;
            }
        }

        long count(WithheldReason r) {
            return Stream.of(reason).filter(x -> x == r).count();
        }

        long floorHits() {
            long c = 0;
            for (int i = 0; i < floorHit.length; i++) {
                c += floorHit[i] && reason[i] == WithheldReason.NONE ? 1 : 0;
            }
            return c;
        }

        double meanAbsZ() {
            double sum = 0;
            int k = 0;
            for (double v : z) {
                if (!Double.isNaN(v)) {
                    sum += Math.abs(v);
                    k++;
                }
            }
            return sum / k;
        }

        /** Share of the Z values with |Z| above {@code c}. */
        double tailAbove(double c) {
            long above = 0;
            long k = 0;
            for (double v : z) {
                if (!Double.isNaN(v)) {
                    above += Math.abs(v) > c ? 1 : 0;
                    k++;
                }
            }
            return (double) above / k;
        }

        double maxAbsZ() {
            double max = 0;
            for (double v : z) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
            return max;
        }

        int firstPositiveFloor() {
            for (int i = 0; i < floor.length; i++) {
                if (floor[i] > 0) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static Run run(EstimatorParameters p, Recordings.Series series) {
        return new Run(p, series.trades(), 1);
    }

    private static EstimatorParameters a1(String... keyValues) {
        EstimatorParameters p = EstimatorProfiles.a1();
        for (int i = 0; i < keyValues.length; i += 2) {
            p = p.with(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** Sum of |x[i+1] - x[i]|: how much a series moves. */
    private static double variation(double[] x) {
        double v = 0;
        for (int i = 1; i < x.length; i++) {
            v += Math.abs(x[i] - x[i - 1]);
        }
        return v;
    }

    @TestFactory
    Stream<DynamicTest> everyParameterHasTheEffectItsDefinitionSays() {
        Map<EstimatorParameter, Runnable> checks = new EnumMap<>(EstimatorParameter.class);

        checks.put(EstimatorParameter.MAD_MULTIPLIER, () -> {
            Run base = run(a1(), QUIET);
            Run doubled = run(a1("MAD_MULTIPLIER", "3.6"), QUIET);
            for (int i = 0; i < base.floor.length; i++) {
                if (!Double.isNaN(base.floor[i])) {
                    assertThat(doubled.floor[i]).isEqualTo(2 * base.floor[i]);
                }
            }
            assertThat(doubled.floorHits()).isGreaterThan(base.floorHits());
            assertThat(doubled.meanAbsZ()).isLessThan(base.meanAbsZ());
        });
        checks.put(EstimatorParameter.MAD_SCALE_FACTOR, () -> {
            Run base = run(a1(), BUSY);
            Run doubled = run(a1("MAD_SCALE_FACTOR", "2.9652"), BUSY);
            for (int i = 0; i < base.floor.length; i++) {
                if (!Double.isNaN(base.floor[i])) {
                    assertThat(doubled.floor[i]).isEqualTo(2 * base.floor[i]);
                }
            }
            assertThat(doubled.meanAbsZ()).isLessThan(base.meanAbsZ());
        });
        checks.put(EstimatorParameter.SCALE_FAST_WEIGHT, () -> {
            String[] noFloor = {"ADAPTIVE", "false", "MAD_MULTIPLIER", "1e-12"};
            Run slowOnly = run(a1(noFloor).with("SCALE_FAST_WEIGHT", "0"), BUSY);
            Run fastOnly = run(a1(noFloor).with("SCALE_FAST_WEIGHT", "1"), BUSY);
            Run half = run(a1(noFloor).with("SCALE_FAST_WEIGHT", "0.5"), BUSY);
            for (int i = 0; i < slowOnly.z.length; i++) {
                if (slowOnly.reason[i] == WithheldReason.NONE) {
                    assertThat(slowOnly.scale[i]).isEqualTo(slowOnly.slow[i]);
                    assertThat(fastOnly.scale[i]).isEqualTo(fastOnly.fast[i]);
                    assertThat(half.scale[i]).isEqualTo(0.5 * half.fast[i] + 0.5 * half.slow[i]);
                }
            }
        });
        checks.put(EstimatorParameter.HALF_LIFE_TRADES, () -> {
            Run long_ = run(a1("CLOCK", "trades"), BUSY);
            Run short_ = run(a1("CLOCK", "trades", "HALF_LIFE_TRADES", "60"), BUSY);
            assertThat(variation(short_.slow)).isGreaterThan(2 * variation(long_.slow));
            assertThat(short_.fast).isEqualTo(long_.fast);
        });
        checks.put(EstimatorParameter.EWMA_FAST_HL, () -> {
            Run base = run(a1("CLOCK", "trades"), BUSY);
            Run slower = run(a1("CLOCK", "trades", "EWMA_FAST_HL", "800"), BUSY);
            assertThat(variation(slower.fast)).isLessThan(variation(base.fast) / 2);
            assertThat(slower.slow).isEqualTo(base.slow);
        });
        checks.put(EstimatorParameter.TAU_FAST_SEC, () -> {
            Run base = run(a1(), QUIET);
            Run slower = run(a1("TAU_FAST_SEC", "600"), QUIET);
            assertThat(variation(slower.fast)).isLessThan(variation(base.fast) / 2);
            assertThat(slower.slow).isEqualTo(base.slow);
        });
        checks.put(EstimatorParameter.TAU_SLOW_SEC, () -> {
            Run base = run(a1(), QUIET);
            Run faster = run(a1("TAU_SLOW_SEC", "60"), QUIET);
            assertThat(variation(faster.slow)).isGreaterThan(2 * variation(base.slow));
            assertThat(faster.fast).isEqualTo(base.fast);
        });
        checks.put(EstimatorParameter.CLOCK, () -> {
            // stretching time by 2 changes event-time EWMAs but not trade-clock ones
            Run event = new Run(a1(), BUSY.trades(), 1);
            Run eventStretched = new Run(a1(), BUSY.trades(), 2);
            Run trades = new Run(a1("CLOCK", "trades"), BUSY.trades(), 1);
            Run tradesStretched = new Run(a1("CLOCK", "trades"), BUSY.trades(), 2);
            assertThat(tradesStretched.slow).isEqualTo(trades.slow);
            assertThat(tradesStretched.fast).isEqualTo(trades.fast);
            assertThat(eventStretched.slow).isNotEqualTo(event.slow);
            assertThat(trades.slow).isNotEqualTo(event.slow);
        });
        checks.put(EstimatorParameter.WINSOR_LIMIT, () -> {
            Run base = run(a1(), BUSY);
            Run tight = run(a1("WINSOR_LIMIT", "2"), BUSY);
            assertThat(base.maxAbsZ()).isEqualTo(8.0);
            assertThat(tight.maxAbsZ()).isEqualTo(2.0);
            long atLimit = 0;
            for (int i = 0; i < base.z.length; i++) {
                if (!Double.isNaN(base.z[i])) {
                    assertThat(tight.z[i]).isEqualTo(Math.max(-2, Math.min(2, base.z[i])));
                    atLimit += Math.abs(tight.z[i]) == 2 ? 1 : 0;
                }
            }
            assertThat(atLimit).isGreaterThan(100);
        });
        checks.put(EstimatorParameter.MAD_WINDOW_TRADES, () -> {
            // the floor stays 0 until the window holds max(50, W / 5) deltas
            assertThat(run(a1(), BUSY).firstPositiveFloor()).isEqualTo(59);
            assertThat(run(a1("MAD_WINDOW_TRADES", "1000"), BUSY).firstPositiveFloor()).isEqualTo(199);
            assertThat(run(a1("MAD_WINDOW_TRADES", "100"), BUSY).firstPositiveFloor()).isEqualTo(49);
        });
        checks.put(EstimatorParameter.FREEZE_MIN, () -> {
            assertThat(run(a1(), BUSY).count(WithheldReason.WARMUP)).isEqualTo(19);
            assertThat(run(a1("FREEZE_MIN", "100"), BUSY).count(WithheldReason.WARMUP)).isEqualTo(99);
            assertThat(run(a1("FREEZE_MIN", "0"), BUSY).count(WithheldReason.WARMUP)).isZero();
        });
        checks.put(EstimatorParameter.SOFT_FREEZE_MS, () -> {
            long base = run(a1(), QUIET).count(WithheldReason.STALE);
            assertThat(base).isGreaterThan(100);
            assertThat(run(a1("SOFT_FREEZE_MS", "1000"), QUIET).count(WithheldReason.STALE)).isGreaterThan(2 * base);
        });
        checks.put(EstimatorParameter.HARD_FREEZE_MS, () -> {
            long base = run(a1(), QUIET).count(WithheldReason.STALE);
            // gaps in (4 s, 5 s] now freeze 3 trades instead of 2
            assertThat(run(a1("HARD_FREEZE_MS", "4000"), QUIET).count(WithheldReason.STALE)).isGreaterThan(base);
            assertThat(run(a1("HARD_FREEZE_MS", "600000"), QUIET).count(WithheldReason.STALE)).isLessThan(base);
        });
        checks.put(EstimatorParameter.ADAPTIVE, () -> {
            Run on = run(a1(), QUIET);
            Run off = run(a1("ADAPTIVE", "false"), QUIET);
            int lower = 0;
            for (int i = 0; i < on.floor.length; i++) {
                if (!Double.isNaN(on.floor[i])) {
                    assertThat(off.floor[i]).isLessThanOrEqualTo(on.floor[i]);
                    lower += off.floor[i] < on.floor[i] ? 1 : 0;
                }
            }
            assertThat(lower).isGreaterThan(1000);
        });
        checks.put(EstimatorParameter.R_REF, () -> floorsRise(a1(), a1("R_REF", "6")));
        checks.put(EstimatorParameter.GAMMA, () -> floorsRise(a1(), a1("GAMMA", "1.4")));
        checks.put(EstimatorParameter.BETA, () -> {
            // below R_REF a larger BETA shrinks the fast weight: the mix sits closer to the slow EWMA
            Run one = run(a1("MAD_MULTIPLIER", "1e-12"), QUIET);
            Run three = run(a1("MAD_MULTIPLIER", "1e-12", "BETA", "3"), QUIET);
            int closer = 0;
            for (int i = 0; i < one.scale.length; i++) {
                if (one.reason[i] == WithheldReason.NONE) {
                    double before = Math.abs(one.scale[i] - one.slow[i]);
                    double after = Math.abs(three.scale[i] - three.slow[i]);
                    assertThat(after).isLessThanOrEqualTo(before + 1e-12);
                    closer += after < before ? 1 : 0;
                }
            }
            assertThat(closer).isGreaterThan(1000);
        });
        checks.put(EstimatorParameter.Z_MODE, () -> {
            Run delta = run(a1(), BUSY);
            Run level = run(a1("Z_MODE", "level"), BUSY);
            Run calibrated = run(a1("Z_MODE", "calibrated"), BUSY);
            List<Trade> trades = BUSY.trades();
            int levelDiffersInSign = 0;
            for (int i = 0; i < trades.size(); i++) {
                double sign = trades.get(i).buyerMaker ? -1 : 1;
                if (delta.reason[i] == WithheldReason.NONE) {
                    assertThat(Math.signum(delta.z[i])).isEqualTo(sign);
                }
                if (calibrated.reason[i] == WithheldReason.NONE) {
                    assertThat(Math.signum(calibrated.z[i])).isEqualTo(sign);
                }
                if (level.reason[i] == WithheldReason.NONE && Math.signum(level.z[i]) != sign) {
                    levelDiffersInSign++;
                }
            }
            assertThat(levelDiffersInSign).as("level Z measures the CVD, not the trade").isGreaterThan(1000);
            assertThat(calibrated.tailAbove(3)).isLessThan(0.01);
        });
        checks.put(EstimatorParameter.SCALE_MODE, () -> {
            Run ewma = run(a1("SCALE_MODE", "ewma"), BUSY);
            for (int i = 19; i < ewma.scale.length; i++) {
                assertThat(ewma.scale[i]).isEqualTo(Math.max(ewma.slow[i], 1e-9));
                assertThat(ewma.floor[i]).isNaN();
                assertThat(ewma.floorHit[i]).isFalse();
            }
            assertThat(run(a1(), BUSY).floorHits()).isGreaterThan(0);
        });
        checks.put(EstimatorParameter.Z_WINDOW, () -> {
            // no level Z until max(Z_WINDOW / 5, WARMUP_MIN) previous values
            assertThat(run(a1("Z_MODE", "level"), BUSY).count(WithheldReason.WARMUP)).isEqualTo(30);
            assertThat(run(a1("Z_MODE", "level", "Z_WINDOW", "500"), BUSY).count(WithheldReason.WARMUP)).isEqualTo(100);
            // over a longer window the CVD wanders further: the standard deviation (the level scale) is larger
            Run shortWindow = run(a1("Z_MODE", "level", "Z_WINDOW", "20"), BUSY);
            Run longWindow = run(a1("Z_MODE", "level", "Z_WINDOW", "2000"), BUSY);
            double shortScale = 0;
            double longScale = 0;
            for (int i = 400; i < shortWindow.scale.length; i++) {
                shortScale += shortWindow.scale[i];
                longScale += longWindow.scale[i];
            }
            assertThat(longScale).isGreaterThan(3 * shortScale);
        });
        checks.put(EstimatorParameter.WARMUP_MIN, () -> {
            assertThat(run(a1("Z_MODE", "level", "Z_WINDOW", "10"), BUSY).count(WithheldReason.WARMUP)).isEqualTo(3);
            assertThat(run(a1("Z_MODE", "level", "Z_WINDOW", "10", "WARMUP_MIN", "8"), BUSY).count(WithheldReason.WARMUP))
                    .isEqualTo(8);
        });
        checks.put(EstimatorParameter.CAL_WINDOW_TRADES, () -> {
            // u = (a + V (e + 1)) / (m + 1) < 1 / (m + 1), so |z| > Phi^-1(1 - 0.5 / (m + 1)), exactly when no past
            // size of the window is larger and the draw keeps the trade above its ties: the window sets the bar
            for (int window : new int[] {100, 1000}) {
                Run run = run(a1("Z_MODE", "calibrated", "CAL_WINDOW_TRADES", String.valueOf(window)), BUSY);
                double bar = -NormalQuantile.of(0.5 / (window + 1));
                List<Trade> trades = BUSY.trades();
                int records = 0;
                for (int i = window; i < trades.size(); i++) {
                    if (run.reason[i] != WithheldReason.NONE) {
                        continue;
                    }
                    int above = 0;
                    int equal = 0;
                    for (Trade past : trades.subList(i - window, i)) {
                        above += past.quantity > trades.get(i).quantity ? 1 : 0;
                        equal += past.quantity == trades.get(i).quantity ? 1 : 0;
                    }
                    if (above > 0) {
                        assertThat(Math.abs(run.z[i])).as("trade %d, window %d", i, window).isLessThan(bar);
                    } else if (equal == 0) {
                        assertThat(Math.abs(run.z[i])).as("trade %d, window %d", i, window).isGreaterThan(bar);
                        records++;
                    }
                }
                assertThat(records).as("trades above all %d past sizes", window).isGreaterThan(0);
            }
        });
        checks.put(EstimatorParameter.CAL_MIN_FILL, () -> {
            assertThat(run(a1("Z_MODE", "calibrated", "CAL_MIN_FILL", "200"), BUSY).count(WithheldReason.WARMUP))
                    .isEqualTo(200);
            assertThat(run(a1("Z_MODE", "calibrated", "CAL_MIN_FILL", "5"), BUSY).count(WithheldReason.WARMUP))
                    .isEqualTo(5);
        });

        assertThat(checks.keySet()).containsExactlyInAnyOrder(EstimatorParameter.values());
        return checks.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().key(), e.getValue()::run));
    }

    /** Every floor of {@code higher} is at least that of {@code base}, and many are higher. */
    private static void floorsRise(EstimatorParameters base, EstimatorParameters higher) {
        Run a = run(base, QUIET);
        Run b = run(higher, QUIET);
        int raised = 0;
        for (int i = 0; i < a.floor.length; i++) {
            if (!Double.isNaN(a.floor[i])) {
                assertThat(b.floor[i]).isGreaterThanOrEqualTo(a.floor[i]);
                raised += b.floor[i] > a.floor[i] ? 1 : 0;
            }
        }
        assertThat(raised).isGreaterThan(1000);
        assertThat(b.floorHits()).isGreaterThan(a.floorHits());
    }
}
