package io.cvdflow.job.estimator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A spec-literal reading of {@code a1-delta-z.md} (and of the level and calibrated modes) written for clarity,
 * not speed: boxed lists, a full sort per trade for the MAD, linear scans for ranks and sums. The optimised
 * estimators must agree with it to the bit.
 */
final class SpecReferenceEstimator {
    private final EstimatorParameters p;

    private double cvd;
    private long n;
    private long previousTime;
    private double fast;
    private double slow;
    private final ArrayDeque<Double> madWindow = new ArrayDeque<>();
    private final ArrayDeque<Long> times = new ArrayDeque<>();
    private int frozen;
    private final ArrayDeque<Double> previousLevels = new ArrayDeque<>();
    private final ArrayDeque<Double> pastSizes = new ArrayDeque<>();

    SpecReferenceEstimator(EstimatorParameters p) {
        this.p = p;
    }

    void update(long id, double q, boolean buyerMaker, long t, ZResult out) {
        if (!Double.isFinite(q) || q <= 0) {
            out.reason = WithheldReason.REJECTED;
            out.z = Double.NaN;
            return;
        }
        // 1.
        double delta = buyerMaker ? -q : q;
        cvd += delta;
        n += 1;
        // 2.
        long gap = 0;
        if (n == 1) {
            fast = Math.abs(delta);
            slow = Math.abs(delta);
        } else {
            gap = t - previousTime;
            double alphaFast;
            double alphaSlow;
            if (p.clock() == ClockMode.EVENT_TIME) {
                double dt = Math.max(0.001, t / 1000.0 - previousTime / 1000.0);
                alphaFast = 1 - StrictMath.exp(-StrictMath.log(2) * dt / p.tauFastSec());
                alphaSlow = 1 - StrictMath.exp(-StrictMath.log(2) * dt / p.tauSlowSec());
            } else {
                alphaFast = 1 - StrictMath.exp(StrictMath.log(0.5) / p.ewmaFastHalfLife());
                alphaSlow = 1 - StrictMath.exp(StrictMath.log(0.5) / p.halfLifeTrades());
            }
            fast = (1 - alphaFast) * fast + alphaFast * Math.abs(delta);
            slow = (1 - alphaSlow) * slow + alphaSlow * Math.abs(delta);
        }
        previousTime = t;
        // 4.
        times.addLast(t);
        while (t / 1000.0 - times.peekFirst() / 1000.0 > 60.0) {
            times.removeFirst();
        }
        // 6.
        double tps = times.size() >= 2 ? times.size() / Math.max(60.0, times.peekLast() / 1000.0 - times.peekFirst() / 1000.0) : 0.0;

        out.delta = delta;
        out.cvd = cvd;
        out.ewmaFast = fast;
        out.ewmaSlow = slow;
        out.tradesPerSecond = tps;
        out.z = Double.NaN;
        out.scale = Double.NaN;
        out.floor = Double.NaN;
        out.floorHit = false;
        switch (p.zMode()) {
            case LEVEL:
                level(out);
                break;
            case CALIBRATED:
                calibrated(delta, gap, CalibratedZEstimator.draw(id, t), out);
                break;
            default:
                deltaZ(delta, gap, tps, out);
        }
    }

    private void deltaZ(double delta, long gap, double tps, ZResult out) {
        // 3.
        append(madWindow, delta, p.madWindowTrades());
        // 5.
        if (n < p.freezeMin()) {
            out.reason = WithheldReason.WARMUP;
            return;
        }
        // 7.
        double scale;
        if (p.scaleMode() == ScaleMode.HYBRID) {
            double wFast = p.scaleFastWeight();
            double wFastEff = wFast;
            double boost = 1;
            if (p.adaptive()) {
                wFastEff = wFast * Math.min(1, StrictMath.pow(tps / p.rRef(), p.beta()));
                boost = Math.max(1, StrictMath.pow(p.rRef() / Math.max(tps, 0.2), p.gamma()));
            }
            double mix = wFastEff * fast + (1 - wFastEff) * slow;
            double sigmaMad = 0;
            if (madWindow.size() >= Math.max(50, p.madWindowTrades() / 5)) {
                sigmaMad = p.madScaleFactor() * mad(new ArrayList<>(madWindow));
            }
            double floor = sigmaMad * p.madMultiplier() * boost;
            out.floor = floor;
            out.floorHit = floor >= mix * (1 - 1e-6);
            scale = Math.max(mix, Math.max(floor, 1e-9));
        } else {
            scale = Math.max(slow, 1e-9);
        }
        out.scale = scale;
        if (scale <= 1e-9) {
            out.reason = WithheldReason.FLAT;
            return;
        }
        // 8.
        if (stale(gap)) {
            out.reason = WithheldReason.STALE;
            return;
        }
        // 9.
        out.z = Math.max(-p.winsorLimit(), Math.min(p.winsorLimit(), delta / scale));
        out.reason = WithheldReason.NONE;
    }

    private boolean stale(long gap) {
        if (gap > p.hardFreezeMs()) {
            frozen = 2;
            return true;
        }
        if (gap > p.softFreezeMs()) {
            frozen = 1;
            return true;
        }
        if (frozen > 0) {
            frozen -= 1;
            return true;
        }
        return false;
    }

    private void level(ZResult out) {
        List<Double> previous = new ArrayList<>(previousLevels);
        if (previous.size() < Math.max(p.zWindow() / 5, p.warmupMin())) {
            out.reason = WithheldReason.WARMUP;
        } else {
            double sum = 0;
            double sumSquares = 0;
            for (double v : previous) {
                sum += v;
                sumSquares += v * v;
            }
            double mean = sum / previous.size();
            double variance = sumSquares / previous.size() - mean * mean;
            double std = Math.sqrt(Math.max(0, variance));
            out.scale = std;
            if (std <= 1e-9) {
                out.z = 0;
                out.reason = WithheldReason.FLAT;
            } else {
                out.z = (cvd - mean) / std;
                out.reason = WithheldReason.NONE;
            }
        }
        append(previousLevels, cvd, p.zWindow());
    }

    private void calibrated(double delta, long gap, double v, ZResult out) {
        double size = Math.abs(delta);
        if (pastSizes.size() < p.calMinFill()) {
            out.reason = WithheldReason.WARMUP;
        } else {
            int above = 0;
            int equal = 0;
            for (double past : pastSizes) {
                if (past > size) {
                    above++;
                } else if (past == size) {
                    equal++;
                }
            }
            double tail = (above + v * (equal + 1)) / (pastSizes.size() + 1);
            double magnitude = -NormalQuantile.of(tail / 2);
            out.scale = size / magnitude;
            if (stale(gap)) {
                out.reason = WithheldReason.STALE;
            } else {
                double z = delta < 0 ? -magnitude : magnitude;
                out.z = Math.max(-p.winsorLimit(), Math.min(p.winsorLimit(), z));
                out.reason = WithheldReason.NONE;
            }
        }
        append(pastSizes, size, p.calWindowTrades());
    }

    private static void append(ArrayDeque<Double> window, double v, int capacity) {
        window.addLast(v);
        if (window.size() > capacity) {
            window.removeFirst();
        }
    }

    /** Median of absolute deviations from the median; both medians average the middle two on an even count. */
    static double mad(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = median(sorted);
        List<Double> deviations = new ArrayList<>();
        for (Iterator<Double> it = sorted.iterator(); it.hasNext(); ) {
            deviations.add(Math.abs(it.next() - median));
        }
        Collections.sort(deviations);
        return median(deviations);
    }

    static double median(List<Double> sorted) {
        int k = sorted.size();
        return k % 2 == 0 ? (sorted.get(k / 2 - 1) + sorted.get(k / 2)) / 2 : sorted.get(k / 2);
    }
}
