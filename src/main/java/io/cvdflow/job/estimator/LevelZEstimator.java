package io.cvdflow.job.estimator;

/**
 * {@code Z_MODE = level}: the CVD against the mean and population standard deviation of the previous
 * {@code Z_WINDOW} CVD values (the current one excluded). No Z until {@code max(Z_WINDOW / 5, WARMUP_MIN)}
 * previous values; a standard deviation <= 1e-9 gives Z = 0 with reason {@link WithheldReason#FLAT}. As in the
 * original calculator, mean and variance come from one pass of sums ({@code var = E[x^2] - mean^2}, negative
 * clipped to 0), and level Z has neither warm-up by trade count, nor stale freeze, nor winsor clamp.
 *
 * <p>Adopting a state from another mode rebuilds the previous CVD values from the current CVD and the retained
 * deltas: {@code cvd, cvd - d_n, cvd - d_n - d_(n-1), ...}, one value per retained delta, newest
 * {@code Z_WINDOW} of them. These equal the true past values up to floating-point rounding.
 */
final class LevelZEstimator extends ZEstimator {
    private final int zWindow;
    private final int minPrevious;
    private final int deltaWindow;

    LevelZEstimator(EstimatorParameters p) {
        super(p);
        this.zWindow = p.zWindow();
        this.minPrevious = Math.max(zWindow / 5, p.warmupMin());
        this.deltaWindow = p.madWindowTrades();
    }

    @Override
    void adoptWindows(EstimatorState s) {
        s.deltas.reshape(deltaWindow, false, false);
        DoubleRing levels = s.levels;
        if (levels.size > 0) {
            levels.resize(zWindow);
            return;
        }
        levels.values = new double[zWindow];
        levels.head = 0;
        levels.size = 0;
        DoubleRing deltas = s.deltas.ring;
        int count = Math.min(zWindow, deltas.size);
        double[] newestFirst = new double[count];
        double level = s.cvd;
        for (int i = 0; i < count; i++) {
            newestFirst[i] = level;
            level -= deltas.get(deltas.size - 1 - i);
        }
        for (int i = count - 1; i >= 0; i--) {
            levels.push(newestFirst[i]);
        }
    }

    @Override
    void score(EstimatorState s, double delta, double quantity, long n, long gapMs, long tradeId, ZResult out) {
        s.deltas.push(delta);
        DoubleRing levels = s.levels;
        int m = levels.size;
        if (m < minPrevious) {
            out.reason = WithheldReason.WARMUP;
        } else {
            double[] values = levels.values;
            int head = levels.head;
            int untilWrap = Math.min(m, values.length - head);
            double sum = 0.0;
            double sumSquares = 0.0;
            for (int i = head; i < head + untilWrap; i++) {
                sum += values[i];
                sumSquares += values[i] * values[i];
            }
            for (int i = 0; i < m - untilWrap; i++) {
                sum += values[i];
                sumSquares += values[i] * values[i];
            }
            double mean = sum / m;
            double variance = sumSquares / m - mean * mean;
            double std = Math.sqrt(variance < 0 ? 0.0 : variance);
            out.scale = std;
            if (std <= 1e-9) {
                out.z = 0.0;
                out.reason = WithheldReason.FLAT;
            } else {
                out.z = (s.cvd - mean) / std;
                out.reason = WithheldReason.NONE;
            }
        }
        levels.push(s.cvd);
    }
}
