package io.cvdflow.job.validation.sweep;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the estimator of one grid point over one series (the key), with the point's parameters for the series'
 * symbol exactly as the job would resolve them, and emits the series' tally when the key's input ends (a timer
 * at the end of time, which batch execution fires after the key's last record). Counts the trades it has scored
 * in the accumulator {@value #SCORED_ACCUMULATOR}.
 */
final class GridPointFunction extends KeyedProcessFunction<Long, SweepTrade, SweepTally> {
    private static final long serialVersionUID = 1L;
    static final String SCORED_ACCUMULATOR = "sweep-trades-scored";

    private final ArrayList<CvdConfig> pointConfigs;
    private final String profile;
    private final String[] symbolOfSeries;

    private transient ValueState<EstimatorState> state;
    private transient ValueState<SweepTally> tally;
    private transient ZResult result;
    private transient LongCounter scored;
    private transient long estimatorKey;
    private transient ZEstimator estimator;

    /**
     * @param pointConfigs the configuration of each grid point, by point index
     * @param profile the profile the points vary
     * @param symbolOfSeries the symbol of each series, by series index
     */
    GridPointFunction(List<CvdConfig> pointConfigs, String profile, String[] symbolOfSeries) {
        this.pointConfigs = new ArrayList<>(pointConfigs);
        this.profile = profile;
        this.symbolOfSeries = symbolOfSeries.clone();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("estimator", TypeInformation.of(EstimatorState.class)));
        tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", TypeInformation.of(SweepTally.class)));
        result = new ZResult();
        estimatorKey = -1;
        scored = getRuntimeContext().getLongCounter(SCORED_ACCUMULATOR);
    }

    @Override
    public void processElement(SweepTrade t, Context ctx, Collector<SweepTally> out) throws Exception {
        long key = t.key();
        if (key != estimatorKey) {
            estimator = ZEstimator.create(pointConfigs.get(t.point).parameters(profile, symbolOfSeries[t.series]));
            estimatorKey = key;
        }
        SweepTally counts = tally.value();
        EstimatorState s = state.value();
        if (counts == null) {
            counts = new SweepTally(t.point, t.series);
            s = estimator.newState();
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        estimator.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, result);
        if (result.reason != WithheldReason.REJECTED) {
            counts.trades++;
            if (result.reason == WithheldReason.NONE) {
                counts.z.add(result.z);
            }
        }
        state.update(s);
        tally.update(counts);
        scored.add(1L);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SweepTally> out) throws Exception {
        out.collect(tally.value());
        tally.clear();
        state.clear();
    }
}
