package io.cvdflow.job.kafka;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdOutputs;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * The job's streams as Kafka topics, exactly once: each sink is a transactional {@link KafkaSink} committed on
 * checkpoints, so a consumer with {@code isolation.level=read_committed} sees every record once, also across a
 * failure and restore. Records are keyed by symbol and hold the same JSON as the files.
 *
 * <p>Each sink's transactional IDs start with {@code kafka.transactional-id-prefix} and the sink's uid, so they
 * stay the same across restarts (the sink aborts its own lingering transactions on start) and differ between
 * sinks.
 */
public class KafkaOutputs implements CvdOutputs {
    private static final long serialVersionUID = 1L;

    public static final String Z_UID = "z-records-kafka-sink";
    public static final String QUALITY_UID = "quality-kafka-sink";
    public static final String SIGNALS_UID = "signals-kafka-sink";
    public static final String CONTROL_UID = "control-kafka-sink";
    public static final String DEAD_LETTER_UID = "dead-letter-kafka-sink";

    private final KafkaSettings settings;

    /** @param settings with bootstrap servers: {@link KafkaConnection#settings()} */
    public KafkaOutputs(KafkaSettings settings) {
        if (settings.bootstrapServers().isEmpty()) {
            throw new IllegalArgumentException("KafkaOutputs needs bootstrap servers: pass KafkaConnection.settings()");
        }
        this.settings = settings;
    }

    /** Z records to {@code cvd.z}. */
    @Override
    public void zRecords(DataStream<ZRecord> records) {
        toTopic(records, KafkaTopic.Z, r -> r.symbol, Z_UID, "Z records");
    }

    /** Quality reports to {@code cvd.quality}. */
    @Override
    public void qualityReports(DataStream<QualityReport> reports) {
        toTopic(reports, KafkaTopic.QUALITY, r -> r.symbol, QUALITY_UID, "quality reports");
    }

    /** Signals to {@code cvd.signals}. */
    @Override
    public void signals(DataStream<Signal> signals) {
        toTopic(signals, KafkaTopic.SIGNALS, s -> s.symbol, SIGNALS_UID, "signals");
    }

    /** The job's own commands (executed rollbacks) to {@code cvd.control}, which the job reads back. */
    @Override
    public void controlCommands(DataStream<ControlCommand> commands) {
        toTopic(commands, KafkaTopic.CONTROL, c -> c.symbol, CONTROL_UID, "issued commands");
    }

    /** Dead letters to {@code cvd.deadletter}, keyed by symbol when it could be read. */
    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        toTopic(deadLetters, KafkaTopic.DEADLETTER, d -> d.symbol, DEAD_LETTER_UID, "dead letters");
    }

    /**
     * Writes {@code stream} to {@code topic} exactly once, as JSON keyed by {@code symbol} (which may return null
     * for records without one).
     *
     * @param uid the sink's stable uid, unique in the job; also names its transactions
     * @param what what the records are, for the operator's name ({@code "quality reports"})
     */
    public <T> DataStreamSink<T> toTopic(
            DataStream<T> stream, KafkaTopic topic, KeySelector<T, String> symbol, String uid, String what) {
        return stream.sinkTo(sink(topic, symbol, uid)).uid(uid).name(what + " to Kafka " + settings.topicName(topic));
    }

    private <T> KafkaSink<T> sink(KafkaTopic topic, KeySelector<T, String> symbol, String uid) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(settings.producerProperties())
                .setBootstrapServers(settings.bootstrapServers().orElseThrow())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-" + uid)
                .setRecordSerializer(new SymbolKeyedJsonSerializer<>(settings.topicName(topic), symbol))
                .build();
    }
}
