package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.model.TakerSide;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-symbol Z operator. It holds each symbol's CVD and estimator state in keyed state and delegates the
 * computation to the pure {@link ZEstimator}. A trade whose ID does not advance the symbol's sequence, or whose
 * quantity the estimator refuses, becomes a dead letter and leaves the state untouched.
 */
public class ZScoreFunction extends KeyedProcessFunction<String, Trade, ZRecord> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("z-dead-letters", CvdTypes.DEAD_LETTER);
    static final String ORIGIN = "z-operator";

    private final CvdConfig config;

    private transient ValueState<SymbolState> state;
    private transient Map<String, BoundEstimator> estimators;
    private transient ZResult result;
    private transient Counter emitted;
    private transient Counter duplicates;
    private transient Counter rejected;
    private transient EnumMap<WithheldReason, Counter> withheld;

    public ZScoreFunction(CvdConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("symbol-state", CvdTypes.SYMBOL_STATE));
        estimators = new HashMap<>();
        result = new ZResult();
        emitted = getRuntimeContext().getMetricGroup().counter("zEmitted");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateTrades");
        rejected = getRuntimeContext().getMetricGroup().counter("rejectedTrades");
        withheld = new EnumMap<>(WithheldReason.class);
        for (WithheldReason r : WithheldReason.values()) {
            withheld.put(r, getRuntimeContext().getMetricGroup().addGroup("reason", r.name()).counter("zWithheld"));
        }
    }

    @Override
    public void processElement(Trade trade, Context ctx, Collector<ZRecord> out) throws Exception {
        SymbolState s = state.value();
        if (s == null) {
            s = new SymbolState();
            s.profile = config.startingProfile(trade.symbol);
        }
        long last = trade.kind == TradeKind.TRADE ? s.lastRawTradeId : s.lastAggTradeId;
        if (last >= 0 && trade.tradeId <= last) {
            duplicates.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN, RejectReason.DUPLICATE_ID,
                    "trade id " + trade.tradeId + " does not advance past " + last, trade.symbol, trade.toString()));
            return;
        }
        BoundEstimator bound = estimatorFor(trade.symbol, s.profile);
        if (s.estimator == null) {
            s.estimator = bound.estimator.newState();
        }
        bound.estimator.update(s.estimator, trade.quantity, trade.buyerMaker, trade.eventTimeMs, result);
        if (result.reason == WithheldReason.REJECTED) {
            rejected.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN,
                    Double.isFinite(trade.quantity) ? RejectReason.NON_POSITIVE_QUANTITY : RejectReason.NON_FINITE,
                    "quantity " + trade.quantity + " is not a finite number > 0", trade.symbol, trade.toString()));
            return;
        }
        if (trade.kind == TradeKind.TRADE) {
            s.lastRawTradeId = trade.tradeId;
        } else {
            s.lastAggTradeId = trade.tradeId;
        }
        state.update(s);
        out.collect(toRecord(trade, s.profile, bound.fingerprint));
        if (result.reason == WithheldReason.NONE) {
            emitted.inc();
        } else {
            withheld.get(result.reason).inc();
        }
    }

    private ZRecord toRecord(Trade trade, String profile, String fingerprint) {
        ZRecord r = new ZRecord();
        r.symbol = trade.symbol;
        r.tradeId = trade.tradeId;
        r.tradeTimeMs = trade.eventTimeMs;
        r.price = trade.price;
        r.quantity = trade.quantity;
        r.side = TakerSide.ofBuyerMaker(trade.buyerMaker);
        r.delta = result.delta;
        r.cvd = result.cvd;
        r.z = result.reason == WithheldReason.NONE ? result.z : null;
        r.withheldReason = result.reason == WithheldReason.NONE ? null : result.reason.name();
        r.scale = result.scale;
        r.ewmaFast = result.ewmaFast;
        r.ewmaSlow = result.ewmaSlow;
        r.floor = result.floor;
        r.floorHit = result.floorHit;
        r.tradesPerSecond = result.tradesPerSecond;
        r.profile = profile;
        r.fingerprint = fingerprint;
        r.receivedAtNanos = trade.receivedAtNanos;
        r.emittedAtNanos = WallClock.epochNanos();
        return r;
    }

    private BoundEstimator estimatorFor(String symbol, String profile) {
        BoundEstimator b = estimators.get(symbol);
        if (b == null || !b.profile.equals(profile)) {
            EstimatorParameters p = config.parameters(profile, symbol);
            b = new BoundEstimator(profile, ZEstimator.create(p), p.fingerprint());
            estimators.put(symbol, b);
        }
        return b;
    }

    private static final class BoundEstimator {
        final String profile;
        final ZEstimator estimator;
        final String fingerprint;

        BoundEstimator(String profile, ZEstimator estimator, String fingerprint) {
            this.profile = profile;
            this.estimator = estimator;
            this.fingerprint = fingerprint;
        }
    }
}
