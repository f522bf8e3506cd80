package io.cvdflow.job.estimator;

/**
 * A1, {@code Z_MODE = delta}: the trade's delta over a robust scale, steps 3 and 5 to 9 of {@code a1-delta-z.md}.
 * Where the page is silent, this follows the original calculator: a scale at its 1e-9 floor withholds the Z as
 * {@link WithheldReason#FLAT}, checked before the stale freeze.
 */
final class DeltaZEstimator extends ZEstimator {
    private final boolean hybrid;
    private final boolean adaptive;
    private final double fastWeight;
    private final double rRef;
    private final double beta;
    private final double gamma;
    private final double madMultiplier;
    private final double madScaleFactor;
    private final int madWindow;
    private final int madMinFill;
    private final int freezeMin;
    private final double[] fastWeightByCount;
    private final double[] boostByCount;

    DeltaZEstimator(EstimatorParameters p) {
        super(p);
        this.hybrid = p.scaleMode() == ScaleMode.HYBRID;
        this.adaptive = p.adaptive();
        this.fastWeight = p.scaleFastWeight();
        this.rRef = p.rRef();
        this.beta = p.beta();
        this.gamma = p.gamma();
        this.madMultiplier = p.madMultiplier();
        this.madScaleFactor = p.madScaleFactor();
        this.madWindow = p.madWindowTrades();
        this.madMinFill = Math.max(50, madWindow / 5);
        this.freezeMin = p.freezeMin();
        int counts = (int) Math.min(1 << 16, Math.ceil(TradeTimes.SPAN_SEC * rRef));
        this.fastWeightByCount = new double[adaptive ? counts : 0];
        this.boostByCount = new double[adaptive ? counts : 0];
        for (int k = 0; k < fastWeightByCount.length; k++) {
            double tps = TradeTimes.perSecond(k);
            fastWeightByCount[k] = fastWeight * Math.min(1.0, StrictMath.pow(tps / rRef, beta));
            boostByCount[k] = Math.max(1.0, StrictMath.pow(rRef / Math.max(tps, 0.2), gamma));
        }
    }

    @Override
    void adoptWindows(EstimatorState s) {
        s.deltas.reshape(madWindow, hybrid, false);
        s.levels.resize(0);
    }

    @Override
    void score(EstimatorState s, double delta, double quantity, long n, long gapMs, long tradeId, ZResult out) {
        DeltaWindow window = s.deltas;
        window.push(delta);
        if (n < freezeMin) {
            out.reason = WithheldReason.WARMUP;
            return;
        }
        double scale;
        if (hybrid) {
            double tps = out.tradesPerSecond;
            double fastWeightEff = fastWeight;
            double boost = 1.0;
            // At or above R_REF both powers land on the clipped side of 1 (BETA, GAMMA >= 0): no adaptation.
            // Below it the rate is count / 60, so the factors come from a table computed the same way.
            if (adaptive && tps < rRef) {
                int count = s.tradeTimes.total;
                if (count < boostByCount.length && tps == TradeTimes.perSecond(count)) {
                    fastWeightEff = fastWeightByCount[count];
                    boost = boostByCount[count];
                } else {
                    fastWeightEff = fastWeight * Math.min(1.0, StrictMath.pow(tps / rRef, beta));
                    boost = Math.max(1.0, StrictMath.pow(rRef / Math.max(tps, 0.2), gamma));
                }
            }
            double mix = fastWeightEff * s.ewmaFast + (1.0 - fastWeightEff) * s.ewmaSlow;
            double sigmaMad = 0.0;
            if (window.size() >= madMinFill) {
                sigmaMad = madScaleFactor * window.medianAbsoluteDeviation(window.median());
            }
            double floor = sigmaMad * madMultiplier * boost;
            out.floor = floor;
            out.floorHit = floor >= mix * (1 - 1e-6);
            scale = Math.max(Math.max(mix, floor), 1e-9);
        } else {
            scale = Math.max(s.ewmaSlow, 1e-9);
        }
        out.scale = scale;
        if (scale <= 1e-9) {
            out.reason = WithheldReason.FLAT;
            return;
        }
        if (stale(s, gapMs)) {
            out.reason = WithheldReason.STALE;
            return;
        }
        out.z = clamp(delta / scale);
        out.reason = WithheldReason.NONE;
    }
}
