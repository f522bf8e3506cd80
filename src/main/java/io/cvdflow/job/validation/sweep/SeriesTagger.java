package io.cvdflow.job.validation.sweep;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns a run's trades into {@link SweepTrade}s of their series, numbered in the order this subtask reads them
 * (a series lives in one split, which one subtask reads in file order), and counts them in the accumulator
 * {@value #READ_ACCUMULATOR}. Dead letters and gaps carry no trade and are dropped.
 */
final class SeriesTagger extends RichFlatMapFunction<FeedEvent, SweepTrade> {
    private static final long serialVersionUID = 1L;
    static final String READ_ACCUMULATOR = "sweep-trades-read";

    private final HashMap<String, Integer> seriesBySymbol;
    private transient long ordinal;
    private transient LongCounter read;

    SeriesTagger(Map<String, Integer> seriesBySymbol) {
        this.seriesBySymbol = new HashMap<>(seriesBySymbol);
    }

    @Override
    public void open(OpenContext openContext) {
        read = getRuntimeContext().getLongCounter(READ_ACCUMULATOR);
    }

    @Override
    public void flatMap(FeedEvent event, Collector<SweepTrade> out) {
        Trade trade = event.trade;
        if (trade == null) {
            return;
        }
        Integer series = seriesBySymbol.get(trade.symbol);
        if (series == null) {
            return;
        }
        SweepTrade t = new SweepTrade();
        t.series = series;
        t.ordinal = ordinal++;
        t.tradeId = trade.tradeId;
        t.quantity = trade.quantity;
        t.buyerMaker = trade.buyerMaker;
        t.eventTimeMs = trade.eventTimeMs;
        read.add(1L);
        out.collect(t);
    }
}
