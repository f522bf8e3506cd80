package io.cvdflow.job.model;

import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.job.quality.MetricSnapshot;
import io.cvdflow.job.quality.RollbackTransition;

/** One record of {@code cvd.signals}. The part matching {@link #type} is set; the others are null. */
public class Signal {
    public SignalType type;
    public String symbol;
    /** Event time the signal refers to, epoch milliseconds. */
    public long eventTimeMs;
    /** The profile in force after the signal (ACK), or the window's (LEVEL). */
    public String profile;
    public String fingerprint;
    public String detail;
    /** LEVEL: the window's figures and verdict. */
    public MetricSnapshot metrics;
    public RollbackTransition rollback;
    public TradeGap gap;

    public Signal() {}

    public static Signal of(RollbackTransition t) {
        Signal s = new Signal();
        s.type = SignalType.ROLLBACK;
        s.symbol = t.symbol;
        s.eventTimeMs = t.eventTimeMs;
        s.profile = t.toProfile;
        s.detail = t.state + ": " + t.reason;
        s.rollback = t;
        return s;
    }

    public static Signal of(TradeGap gap) {
        Signal s = new Signal();
        s.type = SignalType.GAP;
        s.symbol = gap.symbol;
        s.eventTimeMs = gap.eventTimeMs;
        s.detail = gap.status + " " + gap.missingCount() + " trade IDs [" + gap.firstMissingId + ".." + gap.lastMissingId + "]";
        s.gap = gap;
        return s;
    }

    @Override
    public String toString() {
        return type + " " + symbol + "@" + eventTimeMs + " " + detail;
    }
}
