package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.util.concurrent.atomic.AtomicLongArray;

/** The exchange-wide {@link ExchangeCounter}s. Thread-safe. */
final class Counters {
    private final AtomicLongArray values = new AtomicLongArray(ExchangeCounter.values().length);

    void increment(ExchangeCounter c) {
        values.incrementAndGet(c.ordinal());
    }

    long get(ExchangeCounter c) {
        return values.get(c.ordinal());
    }
}
