package io.cvdflow.job.kafka;

import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.pipeline.JsonFileOutputs;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.nio.file.Path;

/**
 * A replay's outputs: JSON-lines files, as {@link JsonFileOutputs} writes them, and the job's own commands
 * (executed rollbacks) also to the control topic, which the replay reads like a live job does, so that a
 * rollback is applied through the same path as in {@code ./cvd run}.
 */
public class ReplayOutputs extends JsonFileOutputs {
    private static final long serialVersionUID = 1L;

    private final KafkaOutputs kafka;

    /** @param settings with bootstrap servers: {@link KafkaConnection#settings()} */
    public ReplayOutputs(Path directory, KafkaSettings settings) {
        super(directory);
        this.kafka = new KafkaOutputs(settings);
    }

    @Override
    public void controlCommands(DataStream<ControlCommand> commands) {
        super.controlCommands(commands);
        kafka.controlCommands(commands);
    }
}
