package io.cvdflow.job.estimator;

/**
 * Computes a symbol's Z trade by trade. An estimator holds only its parameters and what is precomputed from them;
 * all per-symbol data lives in an {@link EstimatorState}, so one estimator serves any number of symbols.
 *
 * <p>Every mode first runs the common steps of {@code a1-delta-z.md} on an accepted trade: delta and CVD, the
 * fast and slow EWMAs of |delta| on the configured clock, and the 60 s trade times. Then it scores the trade.
 * Transcendental functions come from {@link StrictMath}, so the same trades give the same bits on every JVM.
 */
public abstract class ZEstimator {
    private static final double LN2 = StrictMath.log(2.0);
    private static final double MIN_DT_SEC = 0.001;

    private final EstimatorParameters parameters;
    private final long stamp;
    private final boolean eventClock;
    private final double tauFastSec;
    private final double tauSlowSec;
    private final double alphaFastTrades;
    private final double alphaSlowTrades;
    private final double alphaFastMinDt;
    private final double alphaSlowMinDt;
    private final long softFreezeMs;
    private final long hardFreezeMs;
    final double winsorLimit;

    ZEstimator(EstimatorParameters p) {
        this.parameters = p;
        this.stamp = Long.parseUnsignedLong(p.fingerprint(), 16);
        this.eventClock = p.clock() == ClockMode.EVENT_TIME;
        this.tauFastSec = p.tauFastSec();
        this.tauSlowSec = p.tauSlowSec();
        this.alphaFastTrades = 1 - StrictMath.exp(StrictMath.log(0.5) / p.ewmaFastHalfLife());
        this.alphaSlowTrades = 1 - StrictMath.exp(StrictMath.log(0.5) / p.halfLifeTrades());
        this.alphaFastMinDt = 1.0 - StrictMath.exp(-LN2 * MIN_DT_SEC / tauFastSec);
        this.alphaSlowMinDt = 1.0 - StrictMath.exp(-LN2 * MIN_DT_SEC / tauSlowSec);
        this.softFreezeMs = p.softFreezeMs();
        this.hardFreezeMs = p.hardFreezeMs();
        this.winsorLimit = p.winsorLimit();
    }

    /** The estimator for {@code Z_MODE}. */
    public static ZEstimator create(EstimatorParameters parameters) {
        switch (parameters.zMode()) {
            case LEVEL:
                return new LevelZEstimator(parameters);
            case CALIBRATED:
                return new CalibratedZEstimator(parameters);
            default:
                return new DeltaZEstimator(parameters);
        }
    }

    public EstimatorParameters parameters() {
        return parameters;
    }

    /** An empty state shaped for these parameters. */
    public EstimatorState newState() {
        EstimatorState s = new EstimatorState();
        adopt(s);
        return s;
    }

    /** Whether {@code state} was last adopted for exactly these parameters. */
    public boolean fits(EstimatorState state) {
        return state.parameterStamp == stamp;
    }

    /**
     * Makes a state fit these parameters: a new one (from Flink's no-arg constructor), or one built under other
     * parameters after a profile switch or a savepoint upgrade. {@link #update} calls it when needed.
     *
     * <p>Always kept: CVD, trade count, last event time, both EWMAs, the 60 s trade times and the stale-freeze
     * countdown. Windows: the retained deltas are resized to this mode's window keeping the newest (so the same
     * mode does not warm up again, and a larger window keeps all it had), and the ordered copy is rebuilt with one
     * sort if its size or key changed. Switching modes warm-starts from those deltas: calibrated ranks against
     * them, delta takes its MAD from them, and level rebuilds its previous CVD values from the current CVD by
     * subtracting them, one value per retained delta (see {@link LevelZEstimator}).
     */
    public final void adopt(EstimatorState s) {
        if (s.deltas == null) {
            s.deltas = new DeltaWindow();
        }
        if (s.deltas.ring == null) {
            s.deltas.ring = new DoubleRing();
        }
        if (s.deltas.sorted == null) {
            s.deltas.sorted = new double[0];
        }
        if (s.tradeTimes == null || s.tradeTimes.offsets == null || s.tradeTimes.offsets.length == 0) {
            s.tradeTimes = new TradeTimes();
        }
        if (s.levels == null || s.levels.values == null) {
            s.levels = new DoubleRing();
        }
        adoptWindows(s);
        s.parameterStamp = stamp;
    }

    /** Resizes and fills this mode's windows; see {@link #adopt}. */
    abstract void adoptWindows(EstimatorState s);

    /**
     * Processes one trade. A quantity that is not a finite number > 0 is refused: {@code out} says
     * {@link WithheldReason#REJECTED} and the state is untouched.
     *
     * @param tradeId the trade's ID (Binance's aggregate or raw trade ID); with the trade's time it gives the
     *     calibrated mode's tie-breaking draw, so a trade gets the same Z in every run
     * @param buyerMaker Binance's {@code m}: true for a taker sell
     * @param eventTimeMs the trade's time {@code T} (else {@code E}) in epoch milliseconds
     */
    public final void update(EstimatorState s, long tradeId, double quantity, boolean buyerMaker, long eventTimeMs,
            ZResult out) {
        if (!(quantity > 0 && quantity < Double.POSITIVE_INFINITY)) {
            reject(s, out);
            return;
        }
        if (s.parameterStamp != stamp) {
            adopt(s);
        }
        double delta = buyerMaker ? -quantity : quantity;
        s.cvd += delta;
        long n = ++s.trades;
        long gapMs = 0;
        if (n == 1) {
            s.ewmaFast = quantity;
            s.ewmaSlow = quantity;
        } else {
            gapMs = eventTimeMs - s.lastEventTimeMs;
            double alphaFast;
            double alphaSlow;
            if (eventClock) {
                double dt = Math.max(MIN_DT_SEC, eventTimeMs / 1000.0 - s.lastEventTimeMs / 1000.0);
                if (dt == MIN_DT_SEC) {
                    alphaFast = alphaFastMinDt;
                    alphaSlow = alphaSlowMinDt;
                } else {
                    alphaFast = 1.0 - StrictMath.exp(-LN2 * dt / tauFastSec);
                    alphaSlow = 1.0 - StrictMath.exp(-LN2 * dt / tauSlowSec);
                }
            } else {
                alphaFast = alphaFastTrades;
                alphaSlow = alphaSlowTrades;
            }
            s.ewmaFast = (1 - alphaFast) * s.ewmaFast + alphaFast * quantity;
            s.ewmaSlow = (1 - alphaSlow) * s.ewmaSlow + alphaSlow * quantity;
        }
        s.lastEventTimeMs = eventTimeMs;
        s.tradeTimes.add(eventTimeMs);

        out.delta = delta;
        out.cvd = s.cvd;
        out.ewmaFast = s.ewmaFast;
        out.ewmaSlow = s.ewmaSlow;
        out.tradesPerSecond = s.tradeTimes.perSecond();
        out.z = Double.NaN;
        out.scale = Double.NaN;
        out.floor = Double.NaN;
        out.floorHit = false;
        score(s, delta, quantity, n, gapMs, tradeId, out);
    }

    /**
     * The mode's own steps after the common ones: sets {@code out.z}, {@code out.reason} and, where it has them,
     * scale and floor.
     *
     * @param gapMs time since the previous accepted trade (0 for the first)
     * @param tradeId the trade's ID; the trade's time is already {@code s.lastEventTimeMs}
     */
    abstract void score(EstimatorState s, double delta, double quantity, long n, long gapMs, long tradeId, ZResult out);

    /**
     * The stale freeze: a gap over {@code HARD_FREEZE_MS} withholds this trade and the next 2, over
     * {@code SOFT_FREEZE_MS} this trade and the next 1; otherwise a running countdown withholds and counts down.
     */
    final boolean stale(EstimatorState s, long gapMs) {
        if (gapMs > hardFreezeMs) {
            s.frozenRemaining = 2;
            return true;
        }
        if (gapMs > softFreezeMs) {
            s.frozenRemaining = 1;
            return true;
        }
        if (s.frozenRemaining > 0) {
            s.frozenRemaining--;
            return true;
        }
        return false;
    }

    final double clamp(double z) {
        return Math.max(Math.min(z, winsorLimit), -winsorLimit);
    }

    private static void reject(EstimatorState s, ZResult out) {
        out.delta = Double.NaN;
        out.cvd = s.cvd;
        out.z = Double.NaN;
        out.reason = WithheldReason.REJECTED;
        out.scale = Double.NaN;
        out.ewmaFast = s.ewmaFast;
        out.ewmaSlow = s.ewmaSlow;
        out.floor = Double.NaN;
        out.floorHit = false;
        out.tradesPerSecond = Double.NaN;
    }
}
