package io.cvdflow.connector.binance.replay.enumerator;

import io.cvdflow.connector.binance.replay.split.RecordingSplit;
import io.cvdflow.connector.binance.replay.split.RecordingSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

@Internal
public final class RecordedTradeEnumStateSerializer implements SimpleVersionedSerializer<RecordedTradeEnumState> {
    private static final int VERSION = 1;
    private final RecordingSplitSerializer splits = RecordingSplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(RecordedTradeEnumState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(state.planned());
            out.writeInt(splits.getVersion());
            out.writeInt(state.unassigned().size());
            for (RecordingSplit split : state.unassigned()) {
                byte[] serialized = splits.serialize(split);
                out.writeInt(serialized.length);
                out.write(serialized);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public RecordedTradeEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown RecordedTradeEnumState serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            boolean planned = in.readBoolean();
            int splitVersion = in.readInt();
            int count = in.readInt();
            List<RecordingSplit> unassigned = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] split = new byte[in.readInt()];
                in.readFully(split);
                unassigned.add(splits.deserialize(splitVersion, split));
            }
            return new RecordedTradeEnumState(planned, unassigned);
        }
    }
}
