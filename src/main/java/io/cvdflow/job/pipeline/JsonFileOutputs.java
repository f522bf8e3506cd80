package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * JSON-lines files under one output directory, one subdirectory per stream. Files are committed on checkpoints
 * and at the end of a bounded run, so a failover never leaves a record twice.
 */
public class JsonFileOutputs implements CvdOutputs {
    private static final long serialVersionUID = 1L;
    public static final String Z_DIR = "z";
    public static final String QUALITY_DIR = "quality";
    public static final String SIGNALS_DIR = "signals";
    public static final String CONTROL_DIR = "control";
    public static final String DEAD_LETTER_DIR = "deadletter";

    private final String directory;

    public JsonFileOutputs(java.nio.file.Path directory) {
        this.directory = directory.toAbsolutePath().toString();
    }

    @Override
    public void zRecords(DataStream<ZRecord> records) {
        records.sinkTo(sink(Z_DIR)).name("Z records to JSON files").uid("z-records-file-sink");
    }

    @Override
    public void qualityReports(DataStream<QualityReport> reports) {
        reports.sinkTo(sink(QUALITY_DIR)).name("quality reports to JSON files").uid("quality-file-sink");
    }

    @Override
    public void signals(DataStream<Signal> signals) {
        signals.sinkTo(sink(SIGNALS_DIR)).name("signals to JSON files").uid("signals-file-sink");
    }

    @Override
    public void controlCommands(DataStream<ControlCommand> commands) {
        commands.sinkTo(sink(CONTROL_DIR)).name("issued commands to JSON files").uid("control-file-sink");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters.sinkTo(sink(DEAD_LETTER_DIR)).name("dead letters to JSON files").uid("dead-letter-file-sink");
    }

    private <T> FileSink<T> sink(String subdirectory) {
        return FileSink.forRowFormat(new Path(directory, subdirectory), new JsonLinesEncoder<T>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".jsonl").build())
                .build();
    }
}
