package io.cvdflow.job.kafka;

import io.cvdflow.connector.binance.model.FeedEvent;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's Kafka sources. Both read committed records only ({@code isolation.level=read_committed}), keep their
 * offsets in Flink checkpoints, and commit them to their consumer group ({@code kafka.group-id} plus
 * {@code -trades} or {@code -control}) when a checkpoint completes.
 *
 * <p>Where a source starts: after a restore from a checkpoint or savepoint, at the offsets in it (records after
 * them are read again, and the restored state has not seen them, so each takes effect once). On a start without
 * state, at the group's committed offsets, so that what an earlier run consumed and checkpointed is not read again;
 * with no committed offsets, trades start at the earliest record and control commands at the end of the topic
 * (old commands never steer a new job).
 */
public final class KafkaInputs {
    private KafkaInputs() {}

    /**
     * Raw Binance trade frames from {@code cvd.trades}, parsed by the connector's parser: an invalid frame becomes
     * a dead-letter event, never an exception.
     *
     * @param stopAtEnd stop at the offsets that are the end of the topic when the job starts (a bounded run), or
     *     read on for as long as the job runs
     */
    @SuppressWarnings("deprecation")
    public static KafkaSource<FeedEvent> trades(KafkaSettings settings, boolean stopAtEnd) {
        KafkaSourceBuilder<FeedEvent> builder = base(settings, KafkaTopic.TRADES, "-trades", new TradeFrameDeserializer())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        if (stopAtEnd) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Control command lines from {@code cvd.control}, unparsed, for as long as the job runs. */
    public static KafkaSource<String> control(KafkaSettings settings) {
        return control(settings, false);
    }

    /**
     * Control command lines from {@code cvd.control}, unparsed.
     *
     * @param stopAtEnd stop at the end of the topic as it is when the job starts, so that a bounded replay can
     *     finish, or read on for as long as the job runs
     */
    @SuppressWarnings("deprecation")
    public static KafkaSource<String> control(KafkaSettings settings, boolean stopAtEnd) {
        KafkaSourceBuilder<String> builder = base(settings, KafkaTopic.CONTROL, "-control", new ControlLineDeserializer())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST));
        if (stopAtEnd) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static <T> KafkaSourceBuilder<T> base(KafkaSettings settings, KafkaTopic topic, String groupSuffix,
            KafkaRecordDeserializationSchema<T> deserializer) {
        String group = settings.groupId() + groupSuffix;
        return KafkaSource.<T>builder()
                .setProperties(settings.consumerProperties())
                .setTopics(settings.topicName(topic))
                .setGroupId(group)
                .setClientIdPrefix(group)
                .setDeserializer(deserializer);
    }
}
