package io.cvdflow.job.pipeline;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.model.ControlAction;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.SignalType;
import io.cvdflow.job.quality.MetricSnapshot;
import io.cvdflow.job.quality.QualityLevel;
import io.cvdflow.job.quality.QualityReport;
import io.cvdflow.job.quality.RollbackState;
import io.cvdflow.job.quality.RollbackStateMachine;
import io.cvdflow.job.quality.RollbackStatus;
import io.cvdflow.job.quality.RollbackTransition;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges each symbol's quality reports with the {@link RollbackStateMachine} on event time: every transition
 * becomes a signal, a report at WARNING or worse a LEVEL signal, and an EXECUTED rollback a switch-profile
 * command on a side output, which goes to the control topic and so back into the job like an operator's.
 */
public class RollbackFunction extends KeyedProcessFunction<String, QualityReport, Signal> {
    public static final OutputTag<ControlCommand> COMMANDS = new OutputTag<>("rollback-commands", CvdTypes.CONTROL_COMMAND);

    private final RollbackStateMachine machine;

    private transient ValueState<RollbackStatus> status;
    private transient Map<String, SymbolGauges> gauges;
    private transient MetricGroup metricGroup;

    public RollbackFunction(CvdConfig config) {
        this.machine = new RollbackStateMachine(config.quality(), config.rollbackProfile());
    }

    @Override
    public void open(OpenContext openContext) {
        status = getRuntimeContext().getState(new ValueStateDescriptor<>("rollback-status", CvdTypes.ROLLBACK_STATUS));
        gauges = new HashMap<>();
        metricGroup = getRuntimeContext().getMetricGroup();
    }

    @Override
    public void processElement(QualityReport report, Context ctx, Collector<Signal> out) throws Exception {
        RollbackStatus s = current();
        if (report.level != QualityLevel.OK && report.level != QualityLevel.INCONCLUSIVE) {
            Signal level = new Signal();
            level.type = SignalType.LEVEL;
            level.symbol = report.symbol;
            level.eventTimeMs = report.windowEndMs;
            level.profile = report.profile;
            level.fingerprint = report.fingerprint;
            level.detail = report.level + ": " + report.breaches;
            level.metrics = MetricSnapshot.of(report);
            out.collect(level);
        }
        emit(machine.onCheck(s, report), ctx, out);
        finish(s, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        RollbackStatus s = current();
        emit(machine.onTimer(s, timestamp), ctx, out);
        finish(s, ctx);
    }

    private RollbackStatus current() throws Exception {
        RollbackStatus s = status.value();
        return s != null ? s : new RollbackStatus();
    }

    private void finish(RollbackStatus s, Context ctx) throws Exception {
        status.update(s);
        long deadline = RollbackStateMachine.nextDeadlineMs(s);
        if (deadline != RollbackStateMachine.NO_DEADLINE) {
            ctx.timerService().registerEventTimeTimer(deadline);
        }
        gauges(ctx.getCurrentKey()).state = s.state;
    }

    private void emit(List<RollbackTransition> transitions, Context ctx, Collector<Signal> out) {
        for (RollbackTransition t : transitions) {
            out.collect(Signal.of(t));
            SymbolGauges g = gauges(t.symbol);
            Counter outcome = g.outcomes.get(t.state);
            if (outcome != null) {
                outcome.inc();
            }
            if (t.state == RollbackState.EXECUTED) {
                ControlCommand c = new ControlCommand();
                c.action = ControlAction.SWITCH_PROFILE;
                c.symbol = t.symbol;
                c.profile = t.toProfile;
                c.issuedBy = "rollback";
                c.reason = t.reason;
                c.issuedAtMs = t.eventTimeMs;
                ctx.output(COMMANDS, c);
            }
        }
    }

    private SymbolGauges gauges(String symbol) {
        return gauges.computeIfAbsent(symbol, s -> new SymbolGauges(metricGroup.addGroup("symbol", s)));
    }

    /** The values docs/METRICS.md gives the states: 0 NORMAL, 1 BREACHING, 2 PENDING, 3 VERIFYING, 4 CONFIRMED, 5 FAILED. */
    static int gaugeValue(RollbackState state) {
        switch (state) {
            case BREACHING:
                return 1;
            case PENDING:
                return 2;
            case EXECUTED:
            case VERIFYING:
                return 3;
            case CONFIRMED:
                return 4;
            case FAILED:
                return 5;
            default:
                return 0;
        }
    }

    private static final class SymbolGauges {
        volatile RollbackState state = RollbackState.NORMAL;
        final EnumMap<RollbackState, Counter> outcomes = new EnumMap<>(RollbackState.class);

        SymbolGauges(MetricGroup symbol) {
            symbol.gauge("cvd_rollback_state", () -> gaugeValue(state));
            outcomes.put(RollbackState.EXECUTED, symbol.addGroup("outcome", "executed").counter("cvd_rollbacks"));
            outcomes.put(RollbackState.CONFIRMED, symbol.addGroup("outcome", "confirmed").counter("cvd_rollbacks"));
            outcomes.put(RollbackState.FAILED, symbol.addGroup("outcome", "failed").counter("cvd_rollbacks"));
        }
    }
}
