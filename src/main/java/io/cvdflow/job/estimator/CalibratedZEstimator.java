package io.cvdflow.job.estimator;

/**
 * {@code Z_MODE = calibrated}: the trade's size ranked against the sizes of the previous
 * {@code CAL_WINDOW_TRADES} trades, mapped through the half-normal quantile, signed by the taker side.
 *
 * <p>With {@code m} past sizes of which {@code a} are larger and {@code e} equal, the trade's upper-tail mid-rank
 * probability is {@code p = (a + (e + 1) / 2) / (m + 1)} (the trade counts itself among the equal ones, so
 * {@code 0 < p < 1}), and {@code |z| = Phi^-1(1 - p / 2)}: a size larger than all {@code m} gets
 * {@code p = 0.5 / (m + 1)}, and ties share their mid-rank. Without per-symbol parameters, P(|Z| > 2) is then
 * close to the normal 4.55% on any size distribution, however heavy-tailed or tied. Each Z uses only earlier
 * trades. No Z until {@code CAL_MIN_FILL} past sizes; stale freezes and the winsor clamp as in A1.
 */
final class CalibratedZEstimator extends ZEstimator {
    private final int window;
    private final int minFill;

    CalibratedZEstimator(EstimatorParameters p) {
        super(p);
        this.window = p.calWindowTrades();
        this.minFill = p.calMinFill();
    }

    @Override
    void adoptWindows(EstimatorState s) {
        s.deltas.reshape(window, true, true);
        s.levels.resize(0);
    }

    @Override
    void score(EstimatorState s, double delta, double quantity, long n, long gapMs, ZResult out) {
        DeltaWindow past = s.deltas;
        int m = past.size();
        int below = past.countBelow(quantity);
        if (m < minFill) {
            out.reason = WithheldReason.WARMUP;
        } else {
            int above = past.countAbove(quantity);
            int equal = m - above - below;
            double tail = (above + 0.5 * (equal + 1)) / (m + 1);
            double magnitude = -NormalQuantile.of(0.5 * tail);
            out.scale = quantity / magnitude;
            if (stale(s, gapMs)) {
                out.reason = WithheldReason.STALE;
            } else {
                out.z = clamp(delta < 0 ? -magnitude : magnitude);
                out.reason = WithheldReason.NONE;
            }
        }
        past.push(delta, below);
    }
}
