package io.cvdflow.job.kafka;

import io.cvdflow.job.pipeline.JsonLines;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A record as Kafka key and value: the key is its symbol in UTF-8 (none when it has no symbol), the value its
 * JSON, the same as in the JSON-lines files. The Kafka timestamp is the time of writing, so that replays of old
 * recordings are not removed by time-based retention at once; the event time is in the JSON.
 */
final class SymbolKeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final KeySelector<T, String> symbol;
    /** Symbols are few: their key bytes are encoded once. */
    private transient Map<String, byte[]> keys;

    SymbolKeyedJsonSerializer(String topic, KeySelector<T, String> symbol) {
        this.topic = topic;
        this.symbol = symbol;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, key(element), JsonLines.toJsonBytes(element));
    }

    private byte[] key(T element) {
        String s;
        try {
            s = symbol.getKey(element);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the symbol of " + element, e);
        }
        if (s == null) {
            return null;
        }
        if (keys == null) {
            keys = new HashMap<>();
        }
        return keys.computeIfAbsent(s, k -> k.getBytes(StandardCharsets.UTF_8));
    }
}
