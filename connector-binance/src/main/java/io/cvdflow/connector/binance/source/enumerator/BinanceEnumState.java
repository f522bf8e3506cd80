package io.cvdflow.connector.binance.source.enumerator;

import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;
import java.util.Set;

/** The enumerator's checkpoint: symbols assigned to readers, and splits waiting for their reader. */
@Internal
public final class BinanceEnumState {
    private final Set<String> assignedSymbols;
    private final List<BinanceSymbolSplit> pendingSplits;

    public BinanceEnumState(Set<String> assignedSymbols, List<BinanceSymbolSplit> pendingSplits) {
        this.assignedSymbols = Set.copyOf(assignedSymbols);
        this.pendingSplits = List.copyOf(pendingSplits);
    }

    public static BinanceEnumState empty() {
        return new BinanceEnumState(Set.of(), List.of());
    }

    public Set<String> assignedSymbols() {
        return assignedSymbols;
    }

    public List<BinanceSymbolSplit> pendingSplits() {
        return pendingSplits;
    }
}
