package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.TradeKind;

import org.apache.flink.annotation.PublicEvolving;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * ID continuity per (symbol, kind): IDs of a Binance stream rise by exactly one, so the next ID is the next
 * trade, a gap (trades missed between), or a duplicate (not above the last). The state is the last ID per key.
 * Not thread-safe.
 */
@PublicEvolving
public final class TradeSequence implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final TradeKind[] KINDS = TradeKind.values();

    /** What an ID is relative to the last one of its key. */
    public enum Status {
        /** The key's first ID. */
        FIRST,
        /** Exactly one above the last. */
        NEXT,
        /** More than one above the last: {@link Step#firstMissing()}..{@link Step#lastMissing()} are missing. */
        GAP,
        /** Not above the last; the last ID stays. */
        DUPLICATE
    }

    /** The verdict on one ID. Only gaps allocate. */
    public static final class Step {
        private static final Step FIRST = new Step(Status.FIRST, -1, -1);
        private static final Step NEXT = new Step(Status.NEXT, -1, -1);
        private static final Step DUPLICATE = new Step(Status.DUPLICATE, -1, -1);

        private final Status status;
        private final long firstMissing;
        private final long lastMissing;

        private Step(Status status, long firstMissing, long lastMissing) {
            this.status = status;
            this.firstMissing = firstMissing;
            this.lastMissing = lastMissing;
        }

        public Status status() {
            return status;
        }

        /** First missing ID of a gap, else -1. */
        public long firstMissing() {
            return firstMissing;
        }

        /** Last missing ID of a gap (inclusive), else -1. */
        public long lastMissing() {
            return lastMissing;
        }

        @Override
        public String toString() {
            return status == Status.GAP ? "GAP[" + firstMissing + ".." + lastMissing + "]" : status.name();
        }
    }

    /** Last ID by symbol, one map per {@link TradeKind} ordinal. */
    private final HashMap<String, long[]>[] lastIds;

    @SuppressWarnings("unchecked")
    public TradeSequence() {
        lastIds = new HashMap[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            lastIds[i] = new HashMap<>();
        }
    }

    /** Classifies {@code id} and, unless it is a duplicate, makes it the key's last ID. */
    public Step next(String symbol, TradeKind kind, long id) {
        Map<String, long[]> ids = lastIds[kind.ordinal()];
        long[] last = ids.get(symbol);
        if (last == null) {
            ids.put(symbol, new long[] {id});
            return Step.FIRST;
        }
        long previous = last[0];
        if (id <= previous) {
            return Step.DUPLICATE;
        }
        last[0] = id;
        return id == previous + 1 ? Step.NEXT : new Step(Status.GAP, previous + 1, id - 1);
    }

    /** The key's last ID, or -1 when none was seen. */
    public long lastId(String symbol, TradeKind kind) {
        long[] last = lastIds[kind.ordinal()].get(symbol);
        return last == null ? -1 : last[0];
    }

    public void setLastId(String symbol, TradeKind kind, long id) {
        long[] last = lastIds[kind.ordinal()].get(symbol);
        if (last == null) {
            lastIds[kind.ordinal()].put(symbol, new long[] {id});
        } else {
            last[0] = id;
        }
    }

    /** Number of (symbol, kind) keys. */
    public int size() {
        int size = 0;
        for (Map<String, long[]> ids : lastIds) {
            size += ids.size();
        }
        return size;
    }

    public TradeSequence copy() {
        TradeSequence copy = new TradeSequence();
        for (int i = 0; i < KINDS.length; i++) {
            for (Map.Entry<String, long[]> e : lastIds[i].entrySet()) {
                copy.lastIds[i].put(e.getKey(), new long[] {e.getValue()[0]});
            }
        }
        return copy;
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(size());
        for (TradeKind kind : KINDS) {
            for (Map.Entry<String, long[]> e : lastIds[kind.ordinal()].entrySet()) {
                out.writeByte(kind.ordinal());
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue()[0]);
            }
        }
    }

    public static TradeSequence read(DataInput in) throws IOException {
        TradeSequence sequence = new TradeSequence();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            int kind = in.readByte();
            if (kind < 0 || kind >= KINDS.length) {
                throw new IOException("unknown trade kind ordinal " + kind);
            }
            String symbol = in.readUTF();
            sequence.lastIds[kind].put(symbol, new long[] {in.readLong()});
        }
        return sequence;
    }

    private Map<String, Long> flat(int kind) {
        Map<String, Long> flat = new TreeMap<>();
        lastIds[kind].forEach((symbol, last) -> flat.put(symbol, last[0]));
        return flat;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TradeSequence)) {
            return false;
        }
        TradeSequence other = (TradeSequence) o;
        for (int i = 0; i < KINDS.length; i++) {
            if (!flat(i).equals(other.flat(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < KINDS.length; i++) {
            hash = 31 * hash + Objects.hashCode(flat(i));
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TradeSequence{");
        for (TradeKind kind : KINDS) {
            s.append(kind).append('=').append(flat(kind.ordinal())).append(' ');
        }
        return s.append('}').toString();
    }
}
