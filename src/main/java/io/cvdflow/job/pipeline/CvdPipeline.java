package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Map;

/**
 * The job's topology: source, routing of dead letters and gaps, {@code keyBy(symbol)}, the Z operator, outputs.
 * The embedded runner, the cluster entry point and the tests all build the job here.
 */
public final class CvdPipeline {
    public static final String SOURCE_UID = "trade-source";
    public static final String ROUTER_UID = "feed-router";
    public static final String Z_UID = "delta-z";

    private CvdPipeline() {}

    /** The Flink settings the job needs, then the user's {@code job.flink} keys on top. */
    public static Configuration flinkConfiguration(CvdConfig config) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.job().checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        for (Map.Entry<String, String> e : config.job().flink().entrySet()) {
            conf.setString(e.getKey(), e.getValue());
        }
        return conf;
    }

    public static SingleOutputStreamOperator<ZRecord> build(
            StreamExecutionEnvironment env,
            CvdConfig config,
            Source<FeedEvent, ?, ?> source,
            String sourceName,
            CvdOutputs outputs) {
        DataStream<FeedEvent> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), sourceName, CvdTypes.FEED_EVENT)
                .uid(SOURCE_UID);
        SingleOutputStreamOperator<Trade> trades = events.process(new FeedEventRouter(), CvdTypes.TRADE)
                .name("route trades, dead letters and gaps")
                .uid(ROUTER_UID);
        SingleOutputStreamOperator<ZRecord> z = trades.keyBy(new SymbolKey(), Types.STRING)
                .process(new ZScoreFunction(config), CvdTypes.Z_RECORD)
                .name("delta Z per symbol")
                .uid(Z_UID);
        outputs.zRecords(z);
        outputs.deadLetters(trades.getSideOutput(FeedEventRouter.DEAD_LETTERS)
                .union(z.getSideOutput(ZScoreFunction.DEAD_LETTERS)));
        outputs.gaps(trades.getSideOutput(FeedEventRouter.GAPS));
        return z;
    }

    /** Trades are keyed by symbol. */
    public static final class SymbolKey implements KeySelector<Trade, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Trade trade) {
            return trade.symbol;
        }
    }
}
