package io.cvdflow.connector.binance.source.split;

import io.cvdflow.connector.binance.source.StreamType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Serializer of {@link BinanceSymbolSplit}. Version 1: symbol, stream type, last emitted ID, its event time. */
@Internal
public final class BinanceSymbolSplitSerializer implements SimpleVersionedSerializer<BinanceSymbolSplit> {
    public static final int CURRENT_VERSION = 1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(BinanceSymbolSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public BinanceSymbolSplit deserialize(int version, byte[] serialized) throws IOException {
        return read(version, new DataInputDeserializer(serialized));
    }

    /** Writes a split into a larger structure, such as the enumerator's state. */
    public static void write(BinanceSymbolSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.symbol());
        out.writeUTF(split.streamType().toString());
        out.writeLong(split.lastEmittedId());
        out.writeLong(split.lastEventTimeMs());
    }

    public static BinanceSymbolSplit read(int version, DataInputView in) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown BinanceSymbolSplit serializer version " + version);
        }
        String symbol = in.readUTF();
        String type = in.readUTF();
        for (StreamType t : StreamType.values()) {
            if (t.toString().equals(type)) {
                return new BinanceSymbolSplit(symbol, t, in.readLong(), in.readLong());
            }
        }
        throw new IOException("Unknown stream type " + type);
    }
}
