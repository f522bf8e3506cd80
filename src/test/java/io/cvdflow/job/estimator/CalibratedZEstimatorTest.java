package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized probability-integral transform of the calibrated estimator: exactly calibrated for exchangeable
 * sizes at every window fill and under any ties, reproducible, and a function of the trade and its window only.
 */
class CalibratedZEstimatorTest {
    private static final double[] THRESHOLDS = {1, 2, 3};
    /** P(|Z| &gt; 1), P(|Z| &gt; 2), P(|Z| &gt; 3) of a standard normal Z. */
    private static final double[] NORMAL_TAILS = {0.31731050786291404, 0.04550026389635842, 0.0026997960632601866};

    /**
     * A stream of one size repeated: every trade is tied with the whole window, so mid-ranks gave every trade the
     * same |z| = 0.674. Here u = V, and the tail ratios are the normal ones within 4 standard errors.
     */
    @Test
    void aConstantStreamGivesExactlyNormalTails() {
        ZEstimator z = ZEstimator.create(EstimatorProfiles.calibrated());
        EstimatorState s = z.newState();
        ZResult out = new ZResult();
        long[] above = new long[THRESHOLDS.length];
        long samples = 0;
        for (int i = 0; i < 200_000; i++) {
            z.update(s, 1_000_000L + i, 0.25, i % 2 == 0, 1_700_000_000_000L + 100L * i, out);
            if (out.reason == WithheldReason.NONE) {
                samples++;
                count(out.z, above);
            }
        }
        assertThat(samples).isEqualTo(200_000 - 20);
        assertNormalTails(above, samples, "constant stream");
    }

    /**
     * Exactness at every fill: 40,000 independent streams, each of sizes drawn at random (with replacement) from
     * the real sizes of the public BTCUSDT dump, so exchangeable, with the ties its sizes have. With {@code CAL_MIN_FILL = 1} the first Z ranks against one past size, the fifth against
     * five; at every one of those fills, and full, the tail ratios of |Z| &gt; 1, 2, 3 are the normal ones. Mid-ranks
     * could not give |Z| &gt; 2 below 11 past sizes, nor |Z| &gt; 3 below 185.
     */
    @Test
    void exchangeableTiedRealSizesGiveNormalTailsAtEveryWindowFill() {
        List<Trade> real = Recordings.of("BTCUSDT-aggTrades-2026-01-01-first5000.csv", "BTCUSDT").trades();
        ZEstimator z = ZEstimator.create(EstimatorParameters.fromMap(
                Map.of("Z_MODE", "calibrated", "CAL_WINDOW_TRADES", "5", "CAL_MIN_FILL", "1"), "test"));
        SplittableRandom random = new SplittableRandom(20260101);
        int positions = 8;
        long[][] above = new long[positions][THRESHOLDS.length];
        int streams = 40_000;
        ZResult out = new ZResult();
        long id = 0;
        for (int k = 0; k < streams; k++) {
            EstimatorState s = z.newState();
            for (int i = 0; i <= positions; i++) {
                Trade t = real.get(random.nextInt(real.size()));
                z.update(s, ++id, t.quantity, random.nextBoolean(), 1_000L * i, out);
                if (i == 0) {
                    assertThat(out.reason).isEqualTo(WithheldReason.WARMUP);
                } else {
                    assertThat(out.reason).isEqualTo(WithheldReason.NONE);
                    count(out.z, above[i - 1]);
                }
            }
        }
        for (int m = 1; m <= positions; m++) {
            assertNormalTails(above[m - 1], streams, "against " + Math.min(m, 5) + " past sizes");
        }
    }

    /**
     * The draw comes from the trade, not from a generator the job carries: two runs that start at different
     * trades give every trade the same Z bits once their windows hold the same 1000 past trades (and the 60 s
     * of trade times and the stale countdown agree).
     */
    @Test
    void aTradeGetsTheSameZWhereverTheRunStarted() {
        List<Trade> trades = Recordings.of("recorded-ws-btcusdt_20240808.gz", "BTCUSDT").trades();
        ZEstimator z = ZEstimator.create(EstimatorProfiles.calibrated());
        EstimatorState early = z.newState();
        EstimatorState late = z.newState();
        ZResult a = new ZResult();
        ZResult b = new ZResult();
        int lateStart = 1500;
        int compared = 0;
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            z.update(early, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, a);
            if (i < lateStart) {
                continue;
            }
            z.update(late, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, b);
            if (i >= lateStart + 1000 && t.eventTimeMs - trades.get(lateStart).eventTimeMs > 60_000) {
                assertThat(Double.doubleToRawLongBits(b.z)).as("trade %d", i).isEqualTo(Double.doubleToRawLongBits(a.z));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(5000);
    }

    @Test
    void twoRunsOfARecordingGiveTheSameBits() {
        List<Trade> trades = Recordings.of("cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl", "CTKUSDT").trades();
        ZEstimator z = ZEstimator.create(EstimatorProfiles.calibrated());
        EstimatorState first = z.newState();
        EstimatorState second = z.newState();
        ZResult a = new ZResult();
        ZResult b = new ZResult();
        for (Trade t : trades) {
            z.update(first, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, a);
            z.update(second, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, b);
            assertThat(b.toString()).isEqualTo(a.toString());
        }
        assertThat(EstimatorStateTest.describe(second)).isEqualTo(EstimatorStateTest.describe(first));
    }

    private static void count(double z, long[] above) {
        for (int j = 0; j < THRESHOLDS.length; j++) {
            above[j] += Math.abs(z) > THRESHOLDS[j] ? 1 : 0;
        }
    }

    private static void assertNormalTails(long[] above, long samples, String what) {
        for (int j = 0; j < THRESHOLDS.length; j++) {
            double p = NORMAL_TAILS[j];
            double standardError = Math.sqrt(p * (1 - p) / samples);
            assertThat((double) above[j] / samples)
                    .as("P(|Z| > %.0f) %s, %d samples", THRESHOLDS[j], what, samples)
                    .isBetween(p - 4 * standardError, p + 4 * standardError);
        }
    }
}
