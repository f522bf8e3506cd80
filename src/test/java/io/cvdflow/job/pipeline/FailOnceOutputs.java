package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outputs that pass Z records through a mapper failing once, after a completed checkpoint, to test a restore.
 * Armed at an event time, the mapper fails at the first record after a checkpoint completed whose barrier
 * followed a record at or after that time, so the restore starts from state that has seen it. The flags are
 * static: the MiniCluster runs in the test's JVM and they must survive the restart.
 */
public final class FailOnceOutputs implements CvdOutputs {
    /** The job's environment for {@code config}, restarting quickly after the injected failure. */
    public static StreamExecutionEnvironment restartingEnvironment(CvdConfig config, int parallelism) {
        Configuration conf = CvdPipeline.flinkConfiguration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong RECORDS_BEFORE_FAILURE = new AtomicLong();
    private static final AtomicLong FAILED_AT_MS = new AtomicLong();

    private final CvdOutputs delegate;
    private final long armedFromMs;

    /** Fails after the first completed checkpoint. */
    public FailOnceOutputs(CvdOutputs delegate) {
        this(delegate, Long.MIN_VALUE);
    }

    /** Fails after the first checkpoint completed behind a Z record of event time {@code armedFromMs} or later. */
    public FailOnceOutputs(CvdOutputs delegate, long armedFromMs) {
        this.delegate = delegate;
        this.armedFromMs = armedFromMs;
    }

    /** Arms the failure for the next job. */
    public static void reset() {
        FAILED.set(false);
        RECORDS_BEFORE_FAILURE.set(0);
        FAILED_AT_MS.set(Long.MIN_VALUE);
    }

    public static boolean failed() {
        return FAILED.get();
    }

    /** Z records the failing subtask had passed on before it failed. */
    public static long recordsBeforeFailure() {
        return RECORDS_BEFORE_FAILURE.get();
    }

    /** The event time of the Z record at which the failure was thrown. */
    public static long failedAtMs() {
        return FAILED_AT_MS.get();
    }

    @Override
    public void zRecords(DataStream<ZRecord> records) {
        delegate.zRecords(records.map(new FailOnceAfterCheckpoint(armedFromMs)).returns(CvdTypes.Z_RECORD).name("fail once"));
    }

    @Override
    public void qualityReports(DataStream<QualityReport> reports) {
        delegate.qualityReports(reports);
    }

    @Override
    public void signals(DataStream<Signal> signals) {
        delegate.signals(signals);
    }

    @Override
    public void controlCommands(DataStream<ControlCommand> commands) {
        delegate.controlCommands(commands);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        delegate.deadLetters(deadLetters);
    }

    private static final class FailOnceAfterCheckpoint
            implements MapFunction<ZRecord, ZRecord>, CheckpointedFunction, CheckpointListener {
        private final long armedFromMs;
        private transient boolean seenArmingRecord;
        private transient long armingCheckpoint;
        private transient boolean armed;
        private transient long seen;

        FailOnceAfterCheckpoint(long armedFromMs) {
            this.armedFromMs = armedFromMs;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            armingCheckpoint = -1;
        }

        @Override
        public ZRecord map(ZRecord r) {
            seen++;
            if (armed && !FAILED.getAndSet(true)) {
                RECORDS_BEFORE_FAILURE.set(seen);
                FAILED_AT_MS.set(r.tradeTimeMs);
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            seenArmingRecord |= r.tradeTimeMs >= armedFromMs;
            return r;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (seenArmingRecord && armingCheckpoint < 0) {
                armingCheckpoint = context.getCheckpointId();
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            armed |= armingCheckpoint >= 0 && checkpointId >= armingCheckpoint;
        }
    }
}
