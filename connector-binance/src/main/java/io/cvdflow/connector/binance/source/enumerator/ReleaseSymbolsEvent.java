package io.cvdflow.connector.binance.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Set;

/**
 * Tells readers to stop streaming symbols that discovery no longer lists. FLIP-27 has no enumerator-driven split
 * removal, so the reader turns this event into a split removal on its fetcher and reports the splits finished.
 * It is sent to every reader (after a rescale a split may live on any reader); readers ignore symbols they do not
 * own.
 */
@Internal
public final class ReleaseSymbolsEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;

    private final Set<String> symbols;

    public ReleaseSymbolsEvent(Set<String> symbols) {
        this.symbols = Set.copyOf(symbols);
    }

    public Set<String> symbols() {
        return symbols;
    }

    @Override
    public String toString() {
        return "ReleaseSymbolsEvent" + symbols;
    }
}
