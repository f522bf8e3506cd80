package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Splits the source's events: trades go on, dead letters and gap reports go to side outputs. */
public class FeedEventRouter extends ProcessFunction<FeedEvent, Trade> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", CvdTypes.DEAD_LETTER);
    public static final OutputTag<TradeGap> GAPS = new OutputTag<>("gaps", CvdTypes.GAP);

    @Override
    public void processElement(FeedEvent event, Context ctx, Collector<Trade> out) {
        if (event.trade != null) {
            out.collect(event.trade);
        } else if (event.deadLetter != null) {
            ctx.output(DEAD_LETTERS, event.deadLetter);
        } else if (event.gap != null) {
            ctx.output(GAPS, event.gap);
        }
    }
}
