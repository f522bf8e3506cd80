package io.cvdflow.connector.binance.testutils.fakeexchange;

/**
 * The published trades of one symbol that REST can still return: the most recent {@code limit}, oldest first, with
 * consecutive IDs. Not thread-safe (guarded by {@link Market}).
 */
final class TradeHistory {
    private final int limit;
    /** Grows up to {@code limit} and is then overwritten in a circle. */
    private AggTrade[] ring;
    private int head;
    private int size;

    TradeHistory(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("history limit must be positive: " + limit);
        }
        this.limit = limit;
        this.ring = new AggTrade[Math.min(1024, limit)];
    }

    void add(AggTrade t) {
        if (size == limit) {
            ring[head] = t;
            head = (head + 1) % ring.length;
            return;
        }
        if (size == ring.length) {
            AggTrade[] bigger = new AggTrade[(int) Math.min((long) ring.length * 2, limit)];
            for (int i = 0; i < size; i++) {
                bigger[i] = get(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) % ring.length] = t;
        size++;
    }

    int size() {
        return size;
    }

    /** The {@code i}-th retained trade, oldest first. */
    AggTrade get(int i) {
        return ring[(head + i) % ring.length];
    }

    /** Position of the first retained trade with an ID at or after {@code id} ({@link #size()} if none). */
    int indexOfId(long id) {
        if (size == 0) {
            return 0;
        }
        long offset = id - get(0).id;
        return offset <= 0 ? 0 : (int) Math.min(offset, size);
    }

    /** Position of the first retained trade with a trade time at or after {@code timeMs} ({@link #size()} if none). */
    int indexOfTime(long timeMs) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid).tradeTimeMs < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
