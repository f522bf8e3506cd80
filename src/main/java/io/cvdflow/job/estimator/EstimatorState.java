package io.cvdflow.job.estimator;

/**
 * Everything a {@link ZEstimator} keeps for one symbol. A Flink POJO of primitives, primitive arrays and nested
 * POJOs (no boxed collections), so Flink serialises it without Kryo. What each mode holds:
 *
 * <ul>
 *   <li>every mode: CVD, trade count, last event time, the two EWMAs of |delta|, the 60 s trade times, the
 *       stale-freeze countdown, and the last deltas in {@link #deltas};
 *   <li>{@code delta}: {@code MAD_WINDOW_TRADES} deltas, ordered by value when {@code SCALE_MODE = hybrid};
 *   <li>{@code level}: {@code MAD_WINDOW_TRADES} deltas (unordered) and the previous {@code Z_WINDOW} CVD values
 *       in {@link #levels};
 *   <li>{@code calibrated}: {@code CAL_WINDOW_TRADES} deltas, ordered by |delta|.
 * </ul>
 *
 * A new state, or one built under other parameters, is made to fit by {@link ZEstimator#adopt}.
 */
public class EstimatorState {
    public double cvd;
    /** Accepted trades. */
    public long trades;
    public long lastEventTimeMs;
    public double ewmaFast;
    public double ewmaSlow;
    /** Trades still to be withheld after a stale gap. */
    public int frozenRemaining;
    /** The fingerprint (as a number) of the parameters the state was last adopted for; 0 when never. */
    public long parameterStamp;
    public DeltaWindow deltas = new DeltaWindow();
    public TradeTimes tradeTimes = new TradeTimes();
    /** Level mode's previous CVD values; empty in the other modes. */
    public DoubleRing levels = new DoubleRing();

    public EstimatorState() {}
}
