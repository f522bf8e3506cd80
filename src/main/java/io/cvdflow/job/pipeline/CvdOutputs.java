package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;

/** Where the job's streams go: JSON files in the embedded replay default, Kafka topics otherwise. */
public interface CvdOutputs extends Serializable {
    void zRecords(DataStream<ZRecord> records);

    void qualityReports(DataStream<QualityReport> reports);

    /** Levels, rollback steps, command acknowledgements and refusals, gap reports. */
    void signals(DataStream<Signal> signals);

    /** The commands the job issues itself (executed rollbacks), for the control topic. */
    void controlCommands(DataStream<ControlCommand> commands);

    void deadLetters(DataStream<DeadLetter> deadLetters);
}
