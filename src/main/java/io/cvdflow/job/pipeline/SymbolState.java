package io.cvdflow.job.pipeline;

import io.cvdflow.job.estimator.EstimatorState;

/** Everything the Z operator keeps per symbol, in one keyed value so a trade costs one state access. */
public class SymbolState {
    public EstimatorState estimator;
    /** The profile whose parameters the symbol runs on. */
    public String profile;
    /** Parameters set by control commands on top of the profile ({@code KEY=value,...}), or null. */
    public String parameters;
    /** Event time of the last accepted trade, epoch milliseconds. */
    public long lastEventTimeMs;
    /** Last accepted aggregate trade ID, or -1. Aggregate and raw trade IDs are separate sequences. */
    public long lastAggTradeId = -1;
    /** Last accepted raw trade ID, or -1. */
    public long lastRawTradeId = -1;

    public SymbolState() {}
}
