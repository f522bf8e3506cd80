package io.cvdflow.connector.binance.replay.split;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import org.apache.flink.annotation.Internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ID range per (symbol, kind) and the event-time range of a split's first pass. Later passes of a repeated
 * replay shift IDs and times by these spans, so every sequence continues without a seam.
 */
@Internal
public final class PassExtent {
    private static final TradeKind[] KINDS = TradeKind.values();

    /** {first ID, last ID} by symbol, one map per kind ordinal. */
    private final HashMap<String, long[]>[] ids;
    private long minTimeMs = Long.MAX_VALUE;
    private long maxTimeMs = Long.MIN_VALUE;

    @SuppressWarnings("unchecked")
    public PassExtent() {
        ids = new HashMap[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            ids[i] = new HashMap<>();
        }
    }

    public void record(Trade trade) {
        long[] range = ids[trade.kind.ordinal()].get(trade.symbol);
        if (range == null) {
            ids[trade.kind.ordinal()].put(trade.symbol, new long[] {trade.tradeId, trade.tradeId});
        } else {
            range[0] = Math.min(range[0], trade.tradeId);
            range[1] = Math.max(range[1], trade.tradeId);
        }
        minTimeMs = Math.min(minTimeMs, trade.eventTimeMs);
        maxTimeMs = Math.max(maxTimeMs, trade.eventTimeMs);
    }

    /** IDs one pass covers for the key: last - first + 1, or 0 for a key not seen. */
    public long idSpan(String symbol, TradeKind kind) {
        long[] range = ids[kind.ordinal()].get(symbol);
        return range == null ? 0 : range[1] - range[0] + 1;
    }

    /** Milliseconds one pass covers: last - first + 1, or 0 before any trade. */
    public long timeSpanMs() {
        return maxTimeMs < minTimeMs ? 0 : maxTimeMs - minTimeMs + 1;
    }

    /** Moves a trade of pass {@code pass} (0 for the first) after the previous passes. */
    public void shift(Trade trade, int pass) {
        if (pass == 0) {
            return;
        }
        long timeShift = pass * timeSpanMs();
        trade.tradeId += pass * idSpan(trade.symbol, trade.kind);
        trade.eventTimeMs += timeShift;
        trade.exchangeTimeMs += timeShift;
        if (trade.recordedAtNanos >= 0) {
            trade.recordedAtNanos += timeShift * 1_000_000L;
        }
    }

    public PassExtent copy() {
        PassExtent copy = new PassExtent();
        for (int i = 0; i < KINDS.length; i++) {
            for (Map.Entry<String, long[]> e : ids[i].entrySet()) {
                copy.ids[i].put(e.getKey(), e.getValue().clone());
            }
        }
        copy.minTimeMs = minTimeMs;
        copy.maxTimeMs = maxTimeMs;
        return copy;
    }

    public void write(DataOutput out) throws IOException {
        out.writeLong(minTimeMs);
        out.writeLong(maxTimeMs);
        int size = 0;
        for (Map<String, long[]> m : ids) {
            size += m.size();
        }
        out.writeInt(size);
        for (TradeKind kind : KINDS) {
            for (Map.Entry<String, long[]> e : ids[kind.ordinal()].entrySet()) {
                out.writeByte(kind.ordinal());
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue()[0]);
                out.writeLong(e.getValue()[1]);
            }
        }
    }

    public static PassExtent read(DataInput in) throws IOException {
        PassExtent extent = new PassExtent();
        extent.minTimeMs = in.readLong();
        extent.maxTimeMs = in.readLong();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            int kind = in.readByte();
            if (kind < 0 || kind >= KINDS.length) {
                throw new IOException("unknown trade kind ordinal " + kind);
            }
            String symbol = in.readUTF();
            extent.ids[kind].put(symbol, new long[] {in.readLong(), in.readLong()});
        }
        return extent;
    }

    private Map<String, String> flat() {
        Map<String, String> flat = new TreeMap<>();
        for (TradeKind kind : KINDS) {
            ids[kind.ordinal()].forEach((s, r) -> flat.put(kind + "/" + s, r[0] + ".." + r[1]));
        }
        return flat;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PassExtent)) {
            return false;
        }
        PassExtent other = (PassExtent) o;
        return minTimeMs == other.minTimeMs && maxTimeMs == other.maxTimeMs && flat().equals(other.flat());
    }

    @Override
    public int hashCode() {
        return Objects.hash(minTimeMs, maxTimeMs, flat());
    }

    @Override
    public String toString() {
        return "PassExtent{" + flat() + ", time " + minTimeMs + ".." + maxTimeMs + "}";
    }
}
