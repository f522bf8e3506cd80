package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdOutputs;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;

/**
 * The job's outputs for a validation: its Z records and quality reports are streamed to this process (a Flink
 * collect sink) and aggregated here; signals, issued commands and dead letters are not part of the report and
 * are discarded. Call {@link #collect()} after building the job and before executing it.
 */
final class CollectedOutputs implements CvdOutputs {
    private static final long serialVersionUID = 1L;
    static final TypeInformation<ValidationEvent> EVENT = pojo();

    private transient DataStream<ZRecord> zRecords;
    private transient DataStream<QualityReport> reports;

    @Override
    public void zRecords(DataStream<ZRecord> records) {
        zRecords = records;
    }

    @Override
    public void qualityReports(DataStream<QualityReport> reports) {
        this.reports = reports;
    }

    @Override
    public void signals(DataStream<Signal> signals) {
        signals.sinkTo(new DiscardingSink<>()).name("signals (not validated)");
    }

    @Override
    public void controlCommands(DataStream<ControlCommand> commands) {
        commands.sinkTo(new DiscardingSink<>()).name("issued commands (not validated)");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters.sinkTo(new DiscardingSink<>()).name("dead letters (not validated)");
    }

    /** Adds the collect sink; its iterator yields Z records and window reports as the job produces them. */
    CloseableIterator<ValidationEvent> collect() {
        if (zRecords == null || reports == null) {
            throw new IllegalStateException("build the job with these outputs first");
        }
        DataStream<ValidationEvent> z = zRecords.map((MapFunction<ZRecord, ValidationEvent>) ValidationEvent::of, EVENT)
                .name("Z records to the validation");
        DataStream<ValidationEvent> w = reports.map((MapFunction<QualityReport, ValidationEvent>) ValidationEvent::of, EVENT)
                .name("quality reports to the validation");
        return z.union(w).collectAsync();
    }

    private static TypeInformation<ValidationEvent> pojo() {
        TypeInformation<ValidationEvent> info = TypeInformation.of(ValidationEvent.class);
        if (!(info instanceof PojoTypeInfo)) {
            throw new IllegalStateException("ValidationEvent is not a Flink POJO");
        }
        return info;
    }
}
