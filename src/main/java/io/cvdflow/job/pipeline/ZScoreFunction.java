package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.control.ControlCommandParser;
import io.cvdflow.job.control.InvalidCommandException;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.model.ControlAction;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.SignalType;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-symbol Z operator. It holds each symbol's CVD and estimator state in keyed state and delegates the
 * computation to the pure {@link ZEstimator}. A trade whose ID does not advance the symbol's sequence, or whose
 * quantity the estimator refuses, becomes a dead letter and leaves the state untouched.
 *
 * <p>Control commands arrive on the broadcast side and are applied between trades: to every symbol already
 * seen (through its keyed state, each acknowledged by a signal with the new fingerprint) and, through broadcast
 * state, to symbols seen later.
 */
public class ZScoreFunction extends KeyedBroadcastProcessFunction<String, Trade, ControlCommand, ZRecord> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("z-dead-letters", CvdTypes.DEAD_LETTER);
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("z-signals", CvdTypes.SIGNAL);
    public static final MapStateDescriptor<String, ControlCommand> COMMANDS =
            new MapStateDescriptor<>("control-commands", Types.STRING, CvdTypes.CONTROL_COMMAND);
    static final ValueStateDescriptor<SymbolState> STATE = new ValueStateDescriptor<>("symbol-state", CvdTypes.SYMBOL_STATE);
    static final String ORIGIN = "z-operator";
    private static final String SWITCH = "switch:";
    private static final String SET = "set:";
    private static final String PIN = "pin:";

    private final CvdConfig config;
    private final ControlCommandParser commands;

    private transient ValueState<SymbolState> state;
    private transient Map<String, BoundEstimator> estimators;
    private transient ZResult result;
    private transient ZOperatorMetrics metrics;

    public ZScoreFunction(CvdConfig config) {
        this.config = config;
        this.commands = new ControlCommandParser(config);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
        estimators = new HashMap<>();
        result = new ZResult();
        metrics = new ZOperatorMetrics(getRuntimeContext().getMetricGroup(), config);
    }

    @Override
    public void processElement(Trade trade, ReadOnlyContext ctx, Collector<ZRecord> out) throws Exception {
        long started = System.nanoTime();
        SymbolState s = state.value();
        if (s == null) {
            s = startingState(trade.symbol, ctx.getBroadcastState(COMMANDS));
            checkPin(trade.symbol, s, ctx);
        }
        long last = trade.kind == TradeKind.TRADE ? s.lastRawTradeId : s.lastAggTradeId;
        if (last >= 0 && trade.tradeId <= last) {
            metrics.rejected(trade.symbol, RejectReason.DUPLICATE_ID);
            ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN, RejectReason.DUPLICATE_ID,
                    "trade id " + trade.tradeId + " does not advance past " + last, trade.symbol, trade.toString()));
            return;
        }
        BoundEstimator bound = estimatorFor(trade.symbol, s);
        if (s.estimator == null) {
            s.estimator = bound.estimator.newState();
        }
        bound.estimator.update(s.estimator, trade.tradeId, trade.quantity, trade.buyerMaker, trade.eventTimeMs, result);
        if (result.reason == WithheldReason.REJECTED) {
            RejectReason reason = Double.isFinite(trade.quantity) ? RejectReason.NON_POSITIVE_QUANTITY : RejectReason.NON_FINITE;
            metrics.rejected(trade.symbol, reason);
            ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN, reason,
                    "quantity " + trade.quantity + " is not a finite number > 0", trade.symbol, trade.toString()));
            return;
        }
        if (trade.kind == TradeKind.TRADE) {
            s.lastRawTradeId = trade.tradeId;
        } else {
            s.lastAggTradeId = trade.tradeId;
        }
        s.lastEventTimeMs = trade.eventTimeMs;
        state.update(s);
        ZRecord record = toRecord(trade, s.profile, bound.fingerprint);
        out.collect(record);
        metrics.emitted(record, result.reason, System.nanoTime() - started);
    }

    @Override
    public void processBroadcastElement(ControlCommand command, Context ctx, Collector<ZRecord> out) throws Exception {
        BroadcastState<String, ControlCommand> remembered = ctx.getBroadcastState(COMMANDS);
        if (command.action == ControlAction.SWITCH_PROFILE) {
            if (ControlCommand.ALL_SYMBOLS.equals(command.symbol)) {
                remembered.clear();
            }
            remembered.put(SWITCH + command.symbol, command);
            remembered.remove(SET + command.symbol);
        } else if (command.action == ControlAction.SET_PARAMETERS) {
            remembered.put(SET + command.symbol, command);
        } else {
            remembered.put(PIN + command.symbol, command);
        }
        ctx.applyToKeyedState(STATE, (symbol, keyed) -> {
            SymbolState s = keyed.value();
            if (s == null || !command.appliesTo(symbol)) {
                return;
            }
            apply(command, symbol, s, ctx);
            keyed.update(s);
        });
    }

    private void apply(ControlCommand c, String symbol, SymbolState s, Context ctx) {
        String profile = c.action == ControlAction.SWITCH_PROFILE ? c.profile : s.profile;
        String parameters = c.action == ControlAction.SWITCH_PROFILE ? null
                : c.action == ControlAction.SET_PARAMETERS ? merge(s.parameters, c.parameters) : s.parameters;
        EstimatorParameters resolved;
        try {
            resolved = commands.resolve(profile, symbol, parameters);
        } catch (InvalidCommandException e) {
            refuse(c, symbol, s, e.getMessage(), ctx);
            return;
        }
        if (c.fingerprint != null && !c.fingerprint.equalsIgnoreCase(resolved.fingerprint())) {
            refuse(c, symbol, s, "fingerprint mismatch: expected " + c.fingerprint + ", the parameters "
                    + (c.action == ControlAction.PIN_FINGERPRINT ? "in force have " : "would have ") + resolved.fingerprint(), ctx);
            return;
        }
        s.profile = profile;
        s.parameters = parameters;
        ctx.output(SIGNALS, acknowledgement(c, symbol, s, resolved.fingerprint()));
    }

    /** A pin sent before the symbol's first trade is checked at that trade. */
    private void checkPin(String symbol, SymbolState s, ReadOnlyContext ctx) throws Exception {
        for (String key : new String[] {PIN + ControlCommand.ALL_SYMBOLS, PIN + symbol}) {
            ControlCommand pin = ctx.getBroadcastState(COMMANDS).get(key);
            if (pin == null) {
                continue;
            }
            String inForce = commands.resolve(s.profile, symbol, s.parameters).fingerprint();
            Signal signal = pin.fingerprint.equalsIgnoreCase(inForce) ? acknowledgement(pin, symbol, s, inForce) : null;
            if (signal == null) {
                String why = "fingerprint mismatch: expected " + pin.fingerprint + ", the parameters in force have " + inForce;
                metrics.rejected(symbol, RejectReason.INVALID_COMMAND);
                ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN, RejectReason.INVALID_COMMAND, why, symbol, pin.toString()));
                signal = refusal(pin, symbol, s, why);
            }
            ctx.output(SIGNALS, signal);
        }
    }

    private void refuse(ControlCommand c, String symbol, SymbolState s, String why, Context ctx) {
        metrics.rejected(symbol, RejectReason.INVALID_COMMAND);
        ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN, RejectReason.INVALID_COMMAND, why, symbol, c.toString()));
        ctx.output(SIGNALS, refusal(c, symbol, s, why));
    }

    private static Signal refusal(ControlCommand c, String symbol, SymbolState s, String why) {
        Signal refused = new Signal();
        refused.type = SignalType.REJECTED;
        refused.symbol = symbol;
        refused.eventTimeMs = s.lastEventTimeMs;
        refused.profile = s.profile;
        refused.detail = c + ": " + why + "; keeping the parameters in force";
        return refused;
    }

    private static Signal acknowledgement(ControlCommand c, String symbol, SymbolState s, String fingerprint) {
        Signal ack = new Signal();
        ack.type = SignalType.ACK;
        ack.symbol = symbol;
        ack.eventTimeMs = s.lastEventTimeMs;
        ack.profile = s.profile;
        ack.fingerprint = fingerprint;
        ack.detail = c.toString() + (c.reason == null ? "" : " (" + c.reason + ")");
        return ack;
    }

    private static String merge(String current, String added) {
        if (current == null) {
            return added;
        }
        Map<String, String> all = new java.util.TreeMap<>(ControlCommandParser.splitParameters(current));
        all.putAll(ControlCommandParser.splitParameters(added));
        StringBuilder b = new StringBuilder();
        all.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /** A symbol's first trade: the commands it missed, else its configured profile. */
    private SymbolState startingState(String symbol, ReadOnlyBroadcastState<String, ControlCommand> remembered)
            throws Exception {
        SymbolState s = new SymbolState();
        ControlCommand switched = remembered.get(SWITCH + symbol);
        if (switched == null) {
            switched = remembered.get(SWITCH + ControlCommand.ALL_SYMBOLS);
        }
        s.profile = switched != null ? switched.profile : config.startingProfile(symbol);
        ControlCommand setAll = remembered.get(SET + ControlCommand.ALL_SYMBOLS);
        ControlCommand setOne = remembered.get(SET + symbol);
        s.parameters = setAll == null ? null : setAll.parameters;
        if (setOne != null) {
            s.parameters = merge(s.parameters, setOne.parameters);
        }
        return s;
    }

    private ZRecord toRecord(Trade trade, String profile, String fingerprint) {
        ZRecord r = ZRecord.of(trade, result, profile, fingerprint);
        r.receivedAtNanos = trade.receivedAtNanos;
        r.emittedAtNanos = WallClock.epochNanos();
        return r;
    }

    private BoundEstimator estimatorFor(String symbol, SymbolState s) throws InvalidCommandException {
        BoundEstimator b = estimators.get(symbol);
        if (b == null || !b.profile.equals(s.profile) || !Objects.equals(b.parameters, s.parameters)) {
            EstimatorParameters p = commands.resolve(s.profile, symbol, s.parameters);
            b = new BoundEstimator(s.profile, s.parameters, ZEstimator.create(p), p.fingerprint());
            estimators.put(symbol, b);
            metrics.parametersInForce(symbol, s.profile, p);
        }
        return b;
    }

    private static final class BoundEstimator {
        final String profile;
        final String parameters;
        final ZEstimator estimator;
        final String fingerprint;

        BoundEstimator(String profile, String parameters, ZEstimator estimator, String fingerprint) {
            this.profile = profile;
            this.parameters = parameters;
            this.estimator = estimator;
            this.fingerprint = fingerprint;
        }
    }
}
