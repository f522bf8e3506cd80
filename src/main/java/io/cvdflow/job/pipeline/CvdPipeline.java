package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Map;

/**
 * The job's topology: source, routing of dead letters and gaps, {@code keyBy(symbol)}, the Z operator (with
 * control commands broadcast to it), quality windows, the rollback state machine, outputs.
 * The embedded runner, the cluster entry point and the tests all build the job here.
 */
public final class CvdPipeline {
    public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);
    public static final String SOURCE_UID = "trade-source";
    public static final String ROUTER_UID = "feed-router";
    public static final String CONTROL_SOURCE_UID = "control-source";
    public static final String CONTROL_PARSER_UID = "control-parser";
    public static final String Z_UID = "delta-z";
    public static final String QUALITY_UID = "quality-windows";
    public static final String ROLLBACK_UID = "rollback";

    private CvdPipeline() {}

    /** The Flink settings the job needs, then the user's {@code job.flink} keys on top. */
    public static Configuration flinkConfiguration(CvdConfig config) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // chained operators hand records on by reference instead of deep-copying each through its serializer: no
        // function of the job keeps or changes a record it received (each builds new records for its output)
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.job().checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // a network buffer leaves when full or after this long: Flink's 100 ms default would dominate the latency
        // from receipt to Z (the seed's P99 target is 100 ms); 5 ms costs little throughput at these rates
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
        for (Map.Entry<String, String> e : config.job().flink().entrySet()) {
            conf.setString(e.getKey(), e.getValue());
        }
        return conf;
    }

    /**
     * Builds the job.
     *
     * @param control raw control-command lines (the control topic), or null for a job without a control stream:
     *     then commands cannot reach it and an executed rollback is only recorded, not applied
     */
    public static SingleOutputStreamOperator<ZRecord> build(
            StreamExecutionEnvironment env,
            CvdConfig config,
            Source<FeedEvent, ?, ?> source,
            String sourceName,
            Source<String, ?, ?> control,
            CvdOutputs outputs) {
        ZStage stage = zStage(env, config, source, sourceName, control);
        SingleOutputStreamOperator<Trade> trades = stage.trades;
        SingleOutputStreamOperator<ControlCommand> commands = stage.commands;
        SingleOutputStreamOperator<ZRecord> z = stage.z;
        // Z records and reports leave their operators in the partition of their symbol: reinterpreting them as
        // keyed streams avoids two shuffles, so the three keyed operators chain
        SingleOutputStreamOperator<QualityReport> quality = DataStreamUtils
                .reinterpretAsKeyedStream(z, new ZSymbolKey(), Types.STRING)
                .process(new QualityWindowFunction(config), CvdTypes.QUALITY_REPORT)
                .name("quality windows per symbol")
                .uid(QUALITY_UID);
        SingleOutputStreamOperator<Signal> rollback = DataStreamUtils
                .reinterpretAsKeyedStream(quality, new ReportSymbolKey(), Types.STRING)
                .process(new RollbackFunction(config), CvdTypes.SIGNAL)
                .name("thresholds and rollback per symbol")
                .uid(ROLLBACK_UID);

        outputs.zRecords(z);
        outputs.qualityReports(quality);
        outputs.signals(rollback
                .union(z.getSideOutput(ZScoreFunction.SIGNALS))
                .union(trades.getSideOutput(FeedEventRouter.GAPS)));
        outputs.controlCommands(rollback.getSideOutput(RollbackFunction.COMMANDS));
        outputs.deadLetters(trades.getSideOutput(FeedEventRouter.DEAD_LETTERS)
                .union(z.getSideOutput(ZScoreFunction.DEAD_LETTERS))
                .union(commands.getSideOutput(ControlCommandFunction.DEAD_LETTERS)));
        return z;
    }

    /**
     * The job up to the Z records: the source, the routing of dead letters and gaps, the control commands and the
     * Z operator. {@link #build} adds the quality windows, the rollback flow and the outputs.
     */
    public static ZStage zStage(
            StreamExecutionEnvironment env,
            CvdConfig config,
            Source<FeedEvent, ?, ?> source,
            String sourceName,
            Source<String, ?, ?> control) {
        DataStream<FeedEvent> events = env.fromSource(source, watermarks(config), sourceName, CvdTypes.FEED_EVENT)
                .uid(SOURCE_UID);
        SingleOutputStreamOperator<Trade> trades = events.process(new FeedEventRouter(), CvdTypes.TRADE)
                .name("route trades, dead letters and gaps")
                .uid(ROUTER_UID);

        DataStream<String> commandLines = control != null
                ? env.fromSource(control, commandsNeverHoldBackEventTime(), "control commands", Types.STRING)
                        .uid(CONTROL_SOURCE_UID)
                : env.fromSequence(0, 0).filter(n -> false).map(String::valueOf).returns(Types.STRING)
                        .name("no control commands").uid(CONTROL_SOURCE_UID);
        SingleOutputStreamOperator<ControlCommand> commands = commandLines
                .process(new ControlCommandFunction(config), CvdTypes.CONTROL_COMMAND)
                .setParallelism(1)
                .name("parse control commands")
                .uid(CONTROL_PARSER_UID);

        SingleOutputStreamOperator<ZRecord> z = trades.keyBy(new SymbolKey(), Types.STRING)
                .connect(commands.broadcast(ZScoreFunction.COMMANDS))
                .process(new ZScoreFunction(config), CvdTypes.Z_RECORD)
                .name("delta Z per symbol")
                .uid(Z_UID);
        return new ZStage(trades, commands, z);
    }

    /**
     * Event time from the trades, per source split: bounded out-of-orderness of {@code job.watermark-delay} (the
     * runtime profile's unless set), and a split silent for {@code job.idleness} stops holding the watermark back.
     */
    static WatermarkStrategy<FeedEvent> watermarks(CvdConfig config) {
        return WatermarkStrategy
                .<FeedEvent>forBoundedOutOfOrderness(config.job().watermarkDelay())
                .withTimestampAssigner((e, previous) -> e.trade != null ? e.trade.eventTimeMs : previous)
                .withIdleness(config.job().idleness());
    }

    /** The streams of {@link #zStage}. */
    public static final class ZStage {
        public final SingleOutputStreamOperator<Trade> trades;
        public final SingleOutputStreamOperator<ControlCommand> commands;
        public final SingleOutputStreamOperator<ZRecord> z;

        ZStage(SingleOutputStreamOperator<Trade> trades, SingleOutputStreamOperator<ControlCommand> commands,
                SingleOutputStreamOperator<ZRecord> z) {
            this.trades = trades;
            this.commands = commands;
            this.z = z;
        }
    }

    /**
     * Commands carry no event time. Their input's watermark stays at the maximum, so the Z operator's watermark is
     * the trades' alone, however long the control topic stays silent.
     */
    static WatermarkStrategy<String> commandsNeverHoldBackEventTime() {
        return context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(String command, long timestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        };
    }

    /** Trades are keyed by symbol. */
    public static final class SymbolKey implements KeySelector<Trade, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Trade trade) {
            return trade.symbol;
        }
    }

    /** Z records are keyed by symbol. */
    public static final class ZSymbolKey implements KeySelector<ZRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ZRecord record) {
            return record.symbol;
        }
    }

    /** Quality reports are keyed by symbol. */
    public static final class ReportSymbolKey implements KeySelector<QualityReport, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(QualityReport report) {
            return report.symbol;
        }
    }
}
