package io.cvdflow.connector.binance.replay.split;

import io.cvdflow.connector.binance.parse.TradeSequence;

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
public final class RecordingSplitSerializer implements SimpleVersionedSerializer<RecordingSplit> {
    public static final RecordingSplitSerializer INSTANCE = new RecordingSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(RecordingSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public RecordingSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown RecordingSplit serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    private void write(RecordingSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeInt(split.files().size());
        for (String file : split.files()) {
            out.writeUTF(file);
        }
        out.writeInt(split.symbols().size());
        for (String symbol : split.symbols()) {
            out.writeUTF(symbol);
        }
        out.writeInt(split.fileIndex());
        out.writeLong(split.linesConsumed());
        out.writeInt(split.pass());
        out.writeLong(split.lastTimestampMs());
        split.sequence().write(out);
        split.extent().write(out);
    }

    private RecordingSplit read(DataInputStream in) throws IOException {
        String splitId = in.readUTF();
        int fileCount = in.readInt();
        List<String> files = new ArrayList<>(fileCount);
        for (int i = 0; i < fileCount; i++) {
            files.add(in.readUTF());
        }
        int symbolCount = in.readInt();
        List<String> symbols = new ArrayList<>(symbolCount);
        for (int i = 0; i < symbolCount; i++) {
            symbols.add(in.readUTF());
        }
        int fileIndex = in.readInt();
        long linesConsumed = in.readLong();
        int pass = in.readInt();
        long lastTimestampMs = in.readLong();
        TradeSequence sequence = TradeSequence.read(in);
        PassExtent extent = PassExtent.read(in);
        return new RecordingSplit(splitId, files, symbols, fileIndex, linesConsumed, pass, sequence, extent,
                lastTimestampMs);
    }
}
