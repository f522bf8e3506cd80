package io.cvdflow.job.kafka;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;
import io.cvdflow.job.pipeline.CvdTypes;
import io.cvdflow.job.pipeline.WallClock;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Arrays;

/**
 * Raw Binance frames from a topic, one per record value, in every format the connector's
 * {@link AggTradeFrameParser} reads. A frame that is not a valid trade becomes a dead letter whose origin is
 * {@code kafka:<topic>-<partition>:<offset>}; frames of other streams (depth, book ticker) are skipped. The
 * receipt time is when the job read the record.
 */
final class TradeFrameDeserializer implements KafkaRecordDeserializationSchema<FeedEvent> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private transient AggTradeFrameParser parser;
    /** {@code kafka:<topic>-<partition>} by partition. */
    private transient String[] origins;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FeedEvent> out) {
        if (parser == null) {
            parser = new AggTradeFrameParser();
            origins = new String[0];
        }
        byte[] frame = record.value() == null ? EMPTY : record.value();
        FeedEvent event = parser.parseLine(frame, 0, frame.length, frame.length, origin(record), record.offset(),
                WallClock.epochNanos());
        if (event != null) {
            out.collect(event);
        }
    }

    private String origin(ConsumerRecord<byte[], byte[]> record) {
        int partition = record.partition();
        if (partition >= origins.length) {
            origins = Arrays.copyOf(origins, partition + 1);
        }
        String origin = origins[partition];
        if (origin == null) {
            origin = "kafka:" + record.topic() + "-" + partition;
            origins[partition] = origin;
        }
        return origin;
    }

    @Override
    public TypeInformation<FeedEvent> getProducedType() {
        return CvdTypes.FEED_EVENT;
    }
}
