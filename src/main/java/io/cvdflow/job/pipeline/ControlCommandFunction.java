package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.control.ControlCommandParser;
import io.cvdflow.job.control.InvalidCommandException;
import io.cvdflow.job.model.ControlCommand;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses and validates the raw lines of the control topic; a bad command becomes a dead letter, never a failure. */
public class ControlCommandFunction extends ProcessFunction<String, ControlCommand> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("control-dead-letters", CvdTypes.DEAD_LETTER);
    static final String ORIGIN = "control";

    private final ControlCommandParser parser;

    public ControlCommandFunction(CvdConfig config) {
        this.parser = new ControlCommandParser(config);
    }

    @Override
    public void processElement(String line, Context ctx, Collector<ControlCommand> out) {
        try {
            out.collect(parser.parse(line));
        } catch (InvalidCommandException e) {
            ctx.output(DEAD_LETTERS, DeadLetter.of(ORIGIN, RejectReason.INVALID_COMMAND, e.getMessage(), null, line));
        }
    }
}
