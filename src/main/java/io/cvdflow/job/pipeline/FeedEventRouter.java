package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.model.Signal;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits the source's events: trades go on, dead letters and gap reports go to side outputs, each counted per
 * symbol by reason or status. A symbol's counters register at 0 with its first event of any kind. Each subtask
 * whose input has ended adds one to the accumulator {@link #INPUT_ENDED}, so that a client can tell when a
 * bounded replay has read all its trades.
 */
public class FeedEventRouter extends ProcessFunction<FeedEvent, Trade> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", CvdTypes.DEAD_LETTER);
    public static final OutputTag<Signal> GAPS = new OutputTag<>("gaps", CvdTypes.SIGNAL);
    /** The symbol label of dead letters whose symbol could not be read. */
    static final String NO_SYMBOL = "UNKNOWN";
    public static final String INPUT_ENDED = "trade-input-subtasks-ended";

    private transient MetricGroup metricGroup;
    private transient Map<String, SymbolCounters> symbols;
    private transient IntCounter inputEnded;

    @Override
    public void open(OpenContext openContext) {
        metricGroup = getRuntimeContext().getMetricGroup();
        symbols = new HashMap<>();
        inputEnded = new IntCounter();
        getRuntimeContext().addAccumulator(INPUT_ENDED, inputEnded);
    }

    /** Called when the input has ended, and on cancellation, whose attempt's accumulators no longer count. */
    @Override
    public void close() {
        inputEnded.add(1);
    }

    @Override
    public void processElement(FeedEvent event, Context ctx, Collector<Trade> out) {
        if (event.trade != null) {
            counters(event.trade.symbol);
            out.collect(event.trade);
        } else if (event.deadLetter != null) {
            counters(event.deadLetter.symbol == null ? NO_SYMBOL : event.deadLetter.symbol)
                    .errors.get(event.deadLetter.reason).inc();
            ctx.output(DEAD_LETTERS, event.deadLetter);
        } else if (event.gap != null) {
            counters(event.gap.symbol).gaps.get(event.gap.status).inc();
            ctx.output(GAPS, Signal.of(event.gap));
        }
    }

    /** A symbol's counters, registered at 0 with its first event so that Prometheus' increase() sees every count. */
    private SymbolCounters counters(String symbol) {
        SymbolCounters c = symbols.get(symbol);
        if (c == null) {
            MetricGroup group = metricGroup.addGroup("symbol", symbol);
            c = new SymbolCounters(counters(group, "error_type", RejectReason.class, "cvd_errors"),
                    counters(group, "status", GapStatus.class, "cvd_gaps"));
            symbols.put(symbol, c);
        }
        return c;
    }

    private static <E extends Enum<E>> EnumMap<E, Counter> counters(MetricGroup group, String label, Class<E> type,
            String name) {
        EnumMap<E, Counter> out = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            out.put(value, group.addGroup(label, value.name()).counter(name));
        }
        return out;
    }

    private static final class SymbolCounters {
        final EnumMap<RejectReason, Counter> errors;
        final EnumMap<GapStatus, Counter> gaps;

        SymbolCounters(EnumMap<RejectReason, Counter> errors, EnumMap<GapStatus, Counter> gaps) {
            this.errors = errors;
            this.gaps = gaps;
        }
    }
}
