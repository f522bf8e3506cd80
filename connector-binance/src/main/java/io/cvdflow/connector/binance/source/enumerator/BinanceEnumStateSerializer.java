package io.cvdflow.connector.binance.source.enumerator;

import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serializer of {@link BinanceEnumState}. Version 1: the assigned symbols, then the pending splits with the split
 * serializer's version in front.
 */
@Internal
public final class BinanceEnumStateSerializer implements SimpleVersionedSerializer<BinanceEnumState> {
    public static final int CURRENT_VERSION = 1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(BinanceEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + 16 * state.assignedSymbols().size());
        out.writeInt(state.assignedSymbols().size());
        for (String symbol : state.assignedSymbols()) {
            out.writeUTF(symbol);
        }
        out.writeInt(BinanceSymbolSplitSerializer.CURRENT_VERSION);
        out.writeInt(state.pendingSplits().size());
        for (BinanceSymbolSplit split : state.pendingSplits()) {
            BinanceSymbolSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public BinanceEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown BinanceEnumState serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int assignedCount = in.readInt();
        Set<String> assigned = new HashSet<>(assignedCount * 2);
        for (int i = 0; i < assignedCount; i++) {
            assigned.add(in.readUTF());
        }
        int splitVersion = in.readInt();
        int pendingCount = in.readInt();
        List<BinanceSymbolSplit> pending = new ArrayList<>(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            pending.add(BinanceSymbolSplitSerializer.read(splitVersion, in));
        }
        return new BinanceEnumState(assigned, pending);
    }
}
