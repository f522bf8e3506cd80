package io.cvdflow.job.estimator;

/**
 * {@code Z_MODE = calibrated}: the trade's size ranked against the sizes of the previous
 * {@code CAL_WINDOW_TRADES} trades by a randomized probability-integral transform, mapped through the
 * half-normal quantile, signed by the taker side.
 *
 * <p>With {@code m} past sizes of which {@code a} are larger and {@code e} equal, the trade's upper-tail probability
 * is {@code u = (a + V (e + 1)) / (m + 1)}, {@code V} a draw in (0, 1) (the trade counts itself among the equal
 * ones), and {@code |z| = Phi^-1(1 - u / 2)}. If the last {@code m + 1} sizes are exchangeable (any distribution,
 * however heavy-tailed, any ties), {@code u} is exactly uniform for every {@code m}, so P(|Z| &gt; 2) is the normal
 * 4.55% and P(|Z| &gt; 3) the normal 0.27% without per-symbol parameters, from the first Z on. Mid-ranks
 * ({@code V = 1/2}) are not: they cap {@code |z|} at {@code Phi^-1(1 - 0.25 / (m + 1))}, below 3 until
 * {@code m = 185}, and put every tied size at its group's middle. {@code V} only places a trade within its own
 * band {@code [a, a + e + 1] / (m + 1)}: a trade with more past sizes above it than another has at or above it
 * gets the smaller {@code |z|} for every draw.
 *
 * <p>{@code V} is {@link #draw} of the trade's ID and time: the same trade gets the same Z in every run, replay
 * and restore, whatever the job started with, and each Z still uses only earlier trades (and the trade's own
 * identity). No Z until {@code CAL_MIN_FILL} past sizes; stale freezes and the winsor clamp as in A1.
 */
final class CalibratedZEstimator extends ZEstimator {
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

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
    void score(EstimatorState s, double delta, double quantity, long n, long gapMs, long tradeId, ZResult out) {
        DeltaWindow past = s.deltas;
        int m = past.size();
        int below = past.countBelow(quantity);
        if (m < minFill) {
            out.reason = WithheldReason.WARMUP;
        } else {
            int above = past.countAbove(quantity);
            int equal = m - above - below;
            double tail = (above + draw(tradeId, s.lastEventTimeMs) * (equal + 1)) / (m + 1);
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

    /**
     * The trade's draw {@code V}, strictly between 0 and 1: SplitMix64's output function over the trade's ID and
     * time, its top 53 bits as a number centred in its cell of width 2^-53.
     */
    static double draw(long tradeId, long eventTimeMs) {
        long x = tradeId * 0x9E3779B97F4A7C15L + eventTimeMs;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        x ^= x >>> 31;
        return ((x >>> 11) + 0.5) * TWO_TO_MINUS_53;
    }
}
