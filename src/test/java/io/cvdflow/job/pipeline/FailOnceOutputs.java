package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outputs that pass Z records through a mapper failing once, after the first completed checkpoint, to test a
 * restore. The flags are static: the MiniCluster runs in the test's JVM and they must survive the restart.
 */
public final class FailOnceOutputs implements CvdOutputs {
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong RECORDS_BEFORE_FAILURE = new AtomicLong();

    private final CvdOutputs delegate;

    public FailOnceOutputs(CvdOutputs delegate) {
        this.delegate = delegate;
    }

    /** Arms the failure for the next job. */
    public static void reset() {
        FAILED.set(false);
        RECORDS_BEFORE_FAILURE.set(0);
    }

    public static boolean failed() {
        return FAILED.get();
    }

    /** Z records the failing subtask had passed on before it failed. */
    public static long recordsBeforeFailure() {
        return RECORDS_BEFORE_FAILURE.get();
    }

    @Override
    public void zRecords(DataStream<ZRecord> records) {
        delegate.zRecords(records.map(new FailOnceAfterCheckpoint()).returns(CvdTypes.Z_RECORD).name("fail once"));
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

    private static final class FailOnceAfterCheckpoint implements MapFunction<ZRecord, ZRecord>, CheckpointListener {
        private transient boolean checkpointed;
        private transient long seen;

        @Override
        public ZRecord map(ZRecord r) {
            seen++;
            if (checkpointed && !FAILED.getAndSet(true)) {
                RECORDS_BEFORE_FAILURE.set(seen);
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
